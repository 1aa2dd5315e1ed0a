/**
 * Payments and addresses (SPEC.md section 9, docs/decisions/0022-payments-and-addresses.md): an
 * account's address book, saved cards as gateway tokens, payment authorizations, the cart's
 * payment method and geolocated billing address, the delivery group's geolocation. Literal
 * names, frozen once released; the conventions of 0001 (text ids, 0/1 flags, bigint money,
 * deferred foreign keys each with an index).
 */
import { sql, type Kysely, type Migration } from 'kysely';

const audit = `id text primary key,
  created_date text not null,
  last_modified_date text not null,
  created_by_id text not null,
  last_modified_by_id text not null,
  system_modstamp text not null`;

const statements: readonly string[] = [
  `create table contact_point_address (
    ${audit},
    parent_id text not null references account (id) deferrable initially deferred,
    address_type text not null,
    is_default integer not null default 0,
    name text not null,
    street text,
    city text,
    state text,
    postal_code text,
    country text,
    geocode_accuracy text,
    latitude double precision,
    longitude double precision
  )`,
  'create index contact_point_address_parent_id_fk_idx on contact_point_address (parent_id)',
  // One default address per account and type.
  `create unique index contact_point_address_0_key on contact_point_address (parent_id, address_type)
    where is_default = 1`,
  `create table card_payment_method (
    ${audit},
    account_id text not null references account (id) deferrable initially deferred,
    gateway_token text not null,
    nick_name text,
    card_type text,
    card_holder_name text,
    card_last_four text,
    display_card_number text,
    expiry_month bigint,
    expiry_year bigint,
    status text not null default 'Active'
  )`,
  'create index card_payment_method_account_id_fk_idx on card_payment_method (account_id)',
  `create table payment_authorization (
    ${audit},
    web_cart_id text not null references web_cart (id) deferrable initially deferred,
    checkout_session_id text not null references cart_checkout_session (id) deferrable initially deferred,
    order_id text references sales_order (id) deferrable initially deferred,
    account_id text not null references account (id) deferrable initially deferred,
    payment_method_id text references card_payment_method (id) deferrable initially deferred,
    amount bigint not null,
    currency_iso_code text not null,
    status text not null,
    gateway_ref_number text,
    gateway_result_code text,
    gateway_result_code_description text,
    idempotency_key text not null,
    attempt bigint not null,
    lease_expires_at_ms bigint
  )`,
  // An amount is never authorized twice for one attempt of one checkout (SPEC.md section 9).
  'create unique index payment_authorization_0_key on payment_authorization (idempotency_key)',
  'create index payment_authorization_web_cart_id_fk_idx on payment_authorization (web_cart_id)',
  'create index payment_authorization_checkout_session_id_fk_idx on payment_authorization (checkout_session_id)',
  'create index payment_authorization_order_id_fk_idx on payment_authorization (order_id)',
  'create index payment_authorization_account_id_fk_idx on payment_authorization (account_id)',
  'create index payment_authorization_payment_method_id_fk_idx on payment_authorization (payment_method_id)',
  'alter table web_cart add column billing_geocode_accuracy text',
  'alter table web_cart add column billing_latitude double precision',
  'alter table web_cart add column billing_longitude double precision',
  `alter table web_cart add column payment_method_id text
    references card_payment_method (id) deferrable initially deferred`,
  'create index web_cart_payment_method_id_fk_idx on web_cart (payment_method_id)',
  'alter table cart_delivery_group add column deliver_to_geocode_accuracy text',
  'alter table cart_delivery_group add column deliver_to_latitude double precision',
  'alter table cart_delivery_group add column deliver_to_longitude double precision',
];

export const paymentsAndAddresses: Migration = {
  async up(db: Kysely<unknown>) {
    for (const statement of statements) await sql.raw(statement).execute(db);
  },
  async down(db: Kysely<unknown>) {
    for (const column of ['deliver_to_geocode_accuracy', 'deliver_to_latitude', 'deliver_to_longitude']) {
      await sql.raw(`alter table cart_delivery_group drop column ${column}`).execute(db);
    }
    await sql.raw('drop index web_cart_payment_method_id_fk_idx').execute(db);
    for (const column of ['payment_method_id', 'billing_geocode_accuracy', 'billing_latitude', 'billing_longitude']) {
      await sql.raw(`alter table web_cart drop column ${column}`).execute(db);
    }
    for (const table of ['payment_authorization', 'card_payment_method', 'contact_point_address']) {
      await sql.raw(`drop table ${table}`).execute(db);
    }
  },
};
