/**
 * The `Organization` object (docs/decisions/0023-salesforce-client-habits.md): one row, the
 * installation itself, with the id every access token starts with. Literal names and values
 * only: this file describes the schema as it was on that day and is frozen once released.
 */
import { sql, type Kysely, type Migration } from 'kysely';

export const organization: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`create table organization (
      id text primary key,
      created_date text not null,
      last_modified_date text not null,
      created_by_id text not null,
      last_modified_by_id text not null,
      system_modstamp text not null,
      name text not null,
      organization_type text,
      instance_name text,
      is_sandbox integer not null default 0,
      namespace_prefix text,
      trial_expiration_date text,
      language_locale_key text,
      default_locale_sid_key text,
      time_zone_sid_key text
    )`.execute(db);
    const now = new Date().toISOString();
    // The system user (005000000000001AAA) writes the built-in rows.
    const systemUserId = '005000000000001AAA';
    await sql`insert into organization (id, created_date, last_modified_date, created_by_id, last_modified_by_id,
      system_modstamp, name, organization_type, instance_name, is_sandbox, namespace_prefix, trial_expiration_date,
      language_locale_key, default_locale_sid_key, time_zone_sid_key)
      values ('00D000000000001EAA', ${now}, ${now}, ${systemUserId}, ${systemUserId}, ${now}, 'b2b-checkout',
      'Enterprise Edition', null, 0, null, null, 'en_US', 'en_US', 'GMT')`.execute(db);
  },
  async down(db: Kysely<unknown>) {
    await sql`drop table organization`.execute(db);
  },
};
