/**
 * Change notices for flow interviews on PostgreSQL: the trigger of 0007-change-notices on
 * `flow_interview` too, so a long-poll of an interview (`GET /flow-interviews/{id}?wait=S`)
 * served by one process wakes when another process moves it. On SQLite the notices are
 * temporary triggers per connection and need no schema. Literal names, frozen once released.
 */
import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from '../database.js';

export function interviewChangeNotices(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (dialect !== 'postgres') return;
      await sql`create trigger flow_interview_changed after update or delete on flow_interview
        for each row execute function b2b_record_changed()`.execute(db);
    },
    async down(db: Kysely<unknown>) {
      if (dialect !== 'postgres') return;
      await sql`drop trigger flow_interview_changed on flow_interview`.execute(db);
    },
  };
}
