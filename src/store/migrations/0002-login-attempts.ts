/**
 * Tokens and the password grant (docs/decisions/0015-tokens-and-throttling.md):
 * - usernames unique regardless of case: a unique index on lower(username). An installation
 *   that already holds usernames differing only by case stops here with their list, rather
 *   than choosing which account loses its login;
 * - `login_attempt`: the password grant's failure counters, one row per throttled subject
 *   (`username:<lower-case username>` or `address:<client address>`), in the database so every
 *   API server of one PostgreSQL sees the same counts;
 * - `access_token` by user, for revocation; tokens without an expiry (issued before every
 *   token expired) are removed: the configured administrator token is issued again at start.
 * Literal names only: this file describes the schema as it was on that day and is frozen once
 * released.
 */
import { sql, type Kysely, type Migration } from 'kysely';

async function assertNoCaseDuplicates(db: Kysely<unknown>): Promise<void> {
  const result = await sql<{ username: string }>`select username from app_user
    where lower(username) in (select lower(username) from app_user group by lower(username) having count(*) > 1)
    order by lower(username), username`.execute(db);
  if (result.rows.length === 0) return;
  const names = result.rows.map((row) => row.username).join(', ');
  throw new Error(
    `Usernames must be unique regardless of case, and these differ only by case: ${names}. ` +
      'Rename all but one of each (with the previous version), then start again.',
  );
}

async function up(db: Kysely<unknown>): Promise<void> {
  await assertNoCaseDuplicates(db);
  await sql`create unique index app_user_username_lower_key on app_user (lower(username))`.execute(db);
  await sql`create table login_attempt (
    subject text primary key,
    failure_count integer not null,
    last_attempt_at text not null,
    locked_until text
  )`.execute(db);
  await sql`create index login_attempt_last_attempt_idx on login_attempt (last_attempt_at)`.execute(db);
  await sql`create index access_token_user_idx on access_token (user_id)`.execute(db);
  await sql`delete from access_token where expires_at is null`.execute(db);
}

async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index access_token_user_idx`.execute(db);
  await sql`drop table login_attempt`.execute(db);
  await sql`drop index app_user_username_lower_key`.execute(db);
}

export const loginAttempts: Migration = { up, down };
