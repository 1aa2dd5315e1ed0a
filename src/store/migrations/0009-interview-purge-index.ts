/**
 * The scheduled purge deletes finished interviews and abandoned paused ones by status and age
 * (src/operations/purge-expired-rows.ts): an index on both, so each batch reads only the rows
 * it deletes. Literal names, frozen once released.
 */
import { sql, type Kysely, type Migration } from 'kysely';

export const interviewPurgeIndex: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`create index flow_interview_status_modified_idx on flow_interview (status, last_modified_date)`.execute(
      db,
    );
  },
  async down(db: Kysely<unknown>) {
    await sql`drop index flow_interview_status_modified_idx`.execute(db);
  },
};
