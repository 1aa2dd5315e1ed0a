/**
 * PostgreSQL wake-ups (ADR 0020): an enqueue notifies one worker process, round-robin, never
 * itself; a process with no free slot passes the notice on, once round the ring; a listener
 * that stopped refreshing its registration is skipped.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import pg from 'pg';
import { openStore, type Store } from '../src/store/database.js';
import { migrateToLatest } from '../src/store/migrate.js';
import { createTestDatabase, testBackend, type TestDatabase } from './support/test-database.js';

/** A plain LISTEN connection on a registered channel, recording payloads. */
interface Probe {
  readonly channel: string;
  readonly payloads: string[];
  until(isDone: (payloads: readonly string[]) => boolean): Promise<void>;
  end(): Promise<void>;
}

describe.runIf(testBackend === 'postgres')('notifying one worker process', () => {
  let database: TestDatabase;
  let notifier: Store;

  const probe = async (channel: string, seenAgo = '0 seconds'): Promise<Probe> => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    const payloads: string[] = [];
    const waiters = new Set<() => void>();
    client.on('notification', (message) => {
      payloads.push(message.payload ?? '');
      waiters.forEach((check) => check());
    });
    await client.query(`LISTEN ${channel}`);
    await sql`insert into work_listener (channel, seen_at) values (${channel}, now() - ${seenAgo}::interval)`.execute(
      notifier.db,
    );
    return {
      channel,
      payloads,
      until: (isDone) =>
        new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`${channel} got only ${payloads.join(',')}`)), 10_000);
          const check = () => {
            if (!isDone(payloads)) return;
            clearTimeout(timer);
            waiters.delete(check);
            resolve();
          };
          waiters.add(check);
          check();
        }),
      async end() {
        await sql`delete from work_listener where channel = ${channel}`.execute(notifier.db);
        await client.end();
      },
    };
  };

  /** Sent after the notices under test: once a probe has it, it has everything sent before. */
  const sendSentinel = (channel: string) => sql`select pg_notify(${channel}, 'sentinel')`.execute(notifier.db);

  beforeAll(async () => {
    database = await createTestDatabase();
    // One connection: notices commit in the order they are sent.
    notifier = openStore({ url: database.url, poolSize: 1 });
    await migrateToLatest(notifier);
  });
  afterAll(async () => {
    await notifier.close();
    await database.drop();
  });

  it('wakes one listener per notice, taking turns, and skips a silent one', async () => {
    const a = await probe('probe_a');
    const b = await probe('probe_b');
    const silent = await probe('probe_silent', '10 minutes');
    try {
      for (let index = 0; index < 10; index += 1) await notifier.notifyWork();
      for (const each of [a, b, silent]) await sendSentinel(each.channel);
      for (const each of [a, b, silent]) await each.until((payloads) => payloads.includes('sentinel'));
      const work = (each: Probe) => each.payloads.filter((payload) => payload !== 'sentinel');
      expect(work(a)).toHaveLength(5);
      expect(work(b)).toHaveLength(5);
      expect(work(silent)).toHaveLength(0);
    } finally {
      await Promise.all([a, b, silent].map((each) => each.end()));
    }
  });

  it('passes a notice on from a process without a free slot, once round the ring', async () => {
    const busy = openStore({ url: database.url });
    let busyNotices = 0;
    const stopBusy = busy.listenForWork(() => {
      busyNotices += 1;
      return false;
    });
    const free = await probe('probe_free');
    try {
      // Registered once a notice comes from its first connection (onConnected).
      await expect
        .poll(() => sql`select count(*)::int as n from work_listener`.execute(notifier.db).then((r) => r.rows[0]), {
          timeout: 10_000,
        })
        .toEqual({ n: 2 });
      // The notifier alternates; whichever it picks first, `free` ends up with both notices.
      await notifier.notifyWork();
      await notifier.notifyWork();
      await free.until((payloads) => payloads.length >= 2);
      await sendSentinel(free.channel);
      await free.until((payloads) => payloads.includes('sentinel'));
      expect(free.payloads.filter((payload) => payload !== 'sentinel')).toHaveLength(2);
      // The busy one saw one of the two (and its start-up notice), and passed it on.
      expect(busyNotices).toBeGreaterThanOrEqual(1);
    } finally {
      await stopBusy();
      await busy.close();
      await free.end();
    }
  });
});
