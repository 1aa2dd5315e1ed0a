/**
 * Query cursors: the state behind a `nextRecordsUrl` (docs/decisions/0018-bounded-queries.md),
 * kept in the database so that any process can continue a query whatever its length, and the
 * URL stays short. `user_id` is the caller the cursor belongs to (null: the engine itself, no
 * HTTP caller); a token of another user cannot follow it. Literal names, frozen once released. Numbered 0003 so that it sorts after
 * a 0002 written in parallel.
 */
import { sql, type Kysely, type Migration } from 'kysely';

export const queryCursors: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`create table query_cursor (
      id text primary key,
      user_id text references app_user (id) on delete cascade deferrable initially deferred,
      query text not null,
      batch_size bigint not null,
      created_at_ms bigint not null,
      expires_at_ms bigint not null
    )`.execute(db);
    await sql`create index query_cursor_user_id_fk_idx on query_cursor (user_id)`.execute(db);
    await sql`create index query_cursor_expires_at_ms_idx on query_cursor (expires_at_ms)`.execute(db);
  },
  async down(db: Kysely<unknown>) {
    await sql`drop table query_cursor`.execute(db);
  },
};
