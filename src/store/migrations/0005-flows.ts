/**
 * Flows: deployed flow definitions (every version kept; one active per API name), durable
 * interviews (the frame stack as JSON, stored at every pause, a version counter that a navigate
 * must name, the user it runs as), and the store's checkout flow (WebStore.CheckoutFlowApiName).
 * Literal names, frozen once released.
 */
import { sql, type Kysely, type Migration } from 'kysely';

export const flows: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`create table flow_definition (
      id text primary key,
      api_name text not null,
      api_name_key text not null,
      version bigint not null,
      process_type text not null,
      label text not null,
      xml text not null,
      is_active integer not null default 0,
      created_date text not null,
      created_by_id text
    )`.execute(db);
    await sql`create unique index flow_definition_version_idx on flow_definition (api_name_key, version)`.execute(db);
    await sql`create unique index flow_definition_active_idx on flow_definition (api_name_key) where is_active = 1`.execute(
      db,
    );
    await sql`create table flow_interview (
      id text primary key,
      flow_api_name text not null,
      flow_version bigint not null,
      user_id text not null references app_user (id) on delete cascade deferrable initially deferred,
      status text not null,
      version bigint not null,
      state text not null,
      created_date text not null,
      last_modified_date text not null
    )`.execute(db);
    await sql`create index flow_interview_user_id_fk_idx on flow_interview (user_id)`.execute(db);
    await sql`alter table web_store add column checkout_flow_api_name text`.execute(db);
  },
  async down(db: Kysely<unknown>) {
    await sql`alter table web_store drop column checkout_flow_api_name`.execute(db);
    await sql`drop table flow_interview`.execute(db);
    await sql`drop table flow_definition`.execute(db);
  },
};
