/**
 * Start-up is concurrent-safe (DESIGN.md concurrency rule 10): three engines, each on its own
 * connection in its own thread, start at the same instant on a new database — migrations,
 * built-in rows, administrator and demo store — five rounds; every start succeeds and the
 * database holds exactly one set of built-in rows.
 */
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { administratorUsername } from '../src/access/ensure-administrator.js';
import { builtInPermissionSets, systemUserId } from '../src/access/permission-sets.js';
import { openStore } from '../src/store/database.js';
import { createTestDatabase, testBackend } from './support/test-database.js';

type Reply = { type: 'ready' } | { type: 'started'; hasNewToken: boolean } | { type: 'failed'; message: string };

function nextReply(thread: Worker): Promise<Reply> {
  return new Promise((resolve, reject) => {
    thread.once('error', reject);
    thread.once('message', (reply: Reply) => {
      thread.off('error', reject);
      resolve(reply);
    });
  });
}

const threadCount = 3;
const rounds = 5;

describe(`concurrent start-up on a new ${testBackend} database`, () => {
  const shared = new SharedArrayBuffer(8);
  const barrier = new Int32Array(shared);
  let threads: Worker[] = [];
  beforeAll(async () => {
    threads = Array.from(
      { length: threadCount },
      () =>
        new Worker(new URL('./support/thread-boot.mjs', import.meta.url), {
          workerData: { entry: new URL('./support/start-up-thread.ts', import.meta.url).href, barrier: shared },
        }),
    );
    await Promise.all(threads.map((thread) => nextReply(thread)));
  });
  afterAll(async () => {
    await Promise.all(threads.map((thread) => thread.terminate()));
  });

  it('starts three engines at the same moment, five rounds: all succeed, one set of built-in rows', async () => {
    for (let round = 1; round <= rounds; round += 1) {
      const database = await createTestDatabase();
      try {
        Atomics.store(barrier, 1, 0);
        const replies = threads.map((thread) => nextReply(thread));
        for (const thread of threads) thread.postMessage({ round, databaseUrl: database.url });
        while (Atomics.load(barrier, 1) < threadCount) await new Promise((resolve) => setTimeout(resolve, 1));
        Atomics.store(barrier, 0, round);
        Atomics.notify(barrier, 0);
        const outcomes = await Promise.all(replies);
        expect(
          outcomes.every((outcome) => outcome.type === 'started'),
          `round ${round}: ${JSON.stringify(outcomes)}`,
        ).toBe(true);
        const newTokens = outcomes.filter((outcome) => outcome.type === 'started' && outcome.hasNewToken);
        expect(newTokens, `round ${round}: one process prints the first administrator token`).toHaveLength(1);

        const store = openStore({ url: database.url, poolSize: 1 });
        try {
          const { db } = store;
          const sets = await db.selectFrom('permission_set').select('name').execute();
          expect(sets.map((set) => set.name).sort()).toEqual(builtInPermissionSets.map((set) => set.name).sort());
          const users = await db
            .selectFrom('app_user')
            .select('id')
            .where((eb) => eb.or([eb('id', '=', systemUserId), eb('username', '=', administratorUsername)]))
            .execute();
          expect(users).toHaveLength(2);
          const assignments = await db
            .selectFrom('permission_set_assignment')
            .select('id')
            .where(
              'assignee_id',
              'in',
              users.map((user) => user.id),
            )
            .execute();
          expect(assignments).toHaveLength(2);
          expect(await db.selectFrom('web_store').select('id').execute()).toHaveLength(1);
        } finally {
          await store.close();
        }
      } finally {
        await database.drop();
      }
    }
  }, 120_000);
});
