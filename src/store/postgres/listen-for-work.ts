/**
 * Wake-ups across processes, one listener at a time: each process whose workers wait for work
 * `LISTEN`s on a channel of its own, registered in `work_listener` (migration 0007). An
 * enqueuer that cannot start the work itself notifies one listener, chosen round-robin; a
 * listener with no free slot passes the notice on to the next, at most once round the ring
 * (the payload counts the hops). Before, every enqueue woke every worker of every process and
 * all but one claimed nothing: with n processes, n - 1 empty claims per operation.
 * Registration is refreshed every `heartbeatMs`; a process that died silently stops being
 * chosen after `staleAfterS`, and polling in the worker loop covers any notice lost meanwhile.
 * docs/decisions/0020-waiting-without-polling-and-both-cores.md.
 */
import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../records/registry.js';
import { listenOnChannel } from './listen-on-channel.js';

const heartbeatMs = 10_000;
const staleAfterS = 30;

/** What a worker process does with a notice: false when it has no free slot to start work. */
export type OnWork = () => boolean;

/** A fresh channel name for this process: lower-case, valid unquoted in `LISTEN`. */
export function newWorkChannel(): string {
  return `b2b_checkout_work_${randomBytes(8).toString('hex')}`;
}

/**
 * Notifies one live listener other than `exceptChannel`; `hops` counts the listeners that
 * already had this notice. Does nothing once as many listeners as there are others had it.
 */
export async function notifyOneListener(db: Kysely<Database>, exceptChannel: string | null, hops = 0): Promise<void> {
  const others = sql`from work_listener
    where seen_at > now() - make_interval(secs => ${staleAfterS}) and channel <> ${exceptChannel ?? ''}`;
  // pg_notify outside the choice: in the choosing query it would run for every row OFFSET skips.
  await sql`select pg_notify(chosen.channel, ${String(hops + 1)}) from (
    select channel ${others}
    and ${hops} <= (select count(*) ${others})
    order by channel
    offset (select nextval('work_listener_turn') % greatest(count(*), 1) ${others})
    limit 1) as chosen`.execute(db);
}

export function listenForWork(url: string, db: Kysely<Database>, channel: string, onWork: OnWork): () => Promise<void> {
  let heartbeat: NodeJS.Timeout | null = null;
  const register = () =>
    sql`insert into work_listener (channel) values (${channel})
      on conflict (channel) do update set seen_at = now()`.execute(db);
  const listener = listenOnChannel({
    url,
    channel,
    onNotice: (payload) => {
      if (onWork()) return;
      const hops = Number.parseInt(payload, 10);
      void notifyOneListener(db, channel, Number.isFinite(hops) ? hops : 0).catch(() => undefined);
    },
    async onConnected() {
      await register();
      if (heartbeat === null) {
        heartbeat = setInterval(() => {
          register().catch(() => undefined);
        }, heartbeatMs);
        heartbeat.unref();
      }
      onWork();
    },
  });
  return async () => {
    if (heartbeat !== null) clearInterval(heartbeat);
    await sql`delete from work_listener where channel = ${channel}`.execute(db).catch(() => undefined);
    await listener.stop();
  };
}
