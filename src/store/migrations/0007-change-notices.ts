/**
 * Change notices on PostgreSQL (docs/decisions/0020-waiting-without-polling-and-both-cores.md):
 * - a trigger on `background_operation` and `cart_checkout_session` sends the changed row's id
 *   on the channel `b2b_checkout_record_change` (delivered at commit, so a listener re-reading
 *   the row sees the change), for `Prefer: wait` requests served by any process;
 * - `work_listener`: the processes whose workers wait for work, one private channel each, so
 *   an enqueuer wakes one of them rather than all (`seen_at` is refreshed while it listens;
 *   a silent one is skipped and removed).
 * On SQLite (one process) both are per connection and need no schema. Literal names only:
 * this file describes the schema as it was on that day and is frozen once released.
 */
import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from '../database.js';

export function changeNotices(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (dialect !== 'postgres') return;
      await sql`create function b2b_record_changed() returns trigger language plpgsql as $$
        begin
          if tg_op = 'DELETE' then
            perform pg_notify('b2b_checkout_record_change', old.id);
          else
            perform pg_notify('b2b_checkout_record_change', new.id);
          end if;
          return null;
        end $$`.execute(db);
      for (const table of ['background_operation', 'cart_checkout_session']) {
        await sql`create trigger ${sql.raw(`${table}_changed`)} after update or delete on ${sql.table(table)}
          for each row execute function b2b_record_changed()`.execute(db);
      }
      await sql`create table work_listener (
        channel text primary key,
        seen_at timestamptz not null default now()
      )`.execute(db);
      await sql`create sequence work_listener_turn`.execute(db);
    },
    async down(db: Kysely<unknown>) {
      if (dialect !== 'postgres') return;
      await sql`drop sequence work_listener_turn`.execute(db);
      await sql`drop table work_listener`.execute(db);
      for (const table of ['background_operation', 'cart_checkout_session']) {
        await sql`drop trigger ${sql.raw(`${table}_changed`)} on ${sql.table(table)}`.execute(db);
      }
      await sql`drop function b2b_record_changed()`.execute(db);
    },
  };
}
