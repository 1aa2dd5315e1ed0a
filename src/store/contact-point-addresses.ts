/**
 * The SQL of an account's address book (`contact_point_address`) as checkout reads and extends
 * it, and of writing a chosen address onto a cart's delivery groups. The sObject API writes
 * addresses through its generic path (src/http/write-record.ts) under the same visibility.
 */
import type { Kysely, Selectable } from 'kysely';
import type { AddressType, GeocodeAccuracy } from '../domain/vocabulary.js';
import type { Database } from '../records/registry.js';
import { insertRecord } from './insert-record.js';

export type ContactPointAddressRow = Selectable<Database['contact_point_address']>;

/** The account's addresses of a type, the default first, then by name. */
export function addressesOf(
  db: Kysely<Database>,
  accountId: string,
  type: AddressType,
): Promise<ContactPointAddressRow[]> {
  return db
    .selectFrom('contact_point_address')
    .selectAll()
    .where('parent_id', '=', accountId)
    .where('address_type', '=', type)
    .orderBy('is_default', 'desc')
    .orderBy('name')
    .orderBy('id')
    .execute();
}

/** The address `id` when it belongs to the account; undefined otherwise (whoever owns it). */
export function addressOfAccount(
  db: Kysely<Database>,
  accountId: string,
  id: string,
): Promise<ContactPointAddressRow | undefined> {
  return db
    .selectFrom('contact_point_address')
    .selectAll()
    .where('id', '=', id)
    .where('parent_id', '=', accountId)
    .executeTakeFirst();
}

export interface PostalAddress {
  readonly name: string;
  readonly street: string;
  readonly city: string;
  readonly state: string | null;
  readonly postalCode: string;
  readonly country: string;
  readonly geocodeAccuracy: GeocodeAccuracy | null;
  readonly latitude: number | null;
  readonly longitude: number | null;
}

export function insertAddress(
  trx: Kysely<Database>,
  accountId: string,
  type: AddressType,
  address: PostalAddress,
  actorId: string,
): Promise<string> {
  return insertRecord(
    trx,
    'contactPointAddress',
    {
      parent_id: accountId,
      address_type: type,
      name: address.name,
      street: address.street,
      city: address.city,
      state: address.state,
      postal_code: address.postalCode,
      country: address.country,
      geocode_accuracy: address.geocodeAccuracy,
      latitude: address.latitude,
      longitude: address.longitude,
    },
    actorId,
  );
}

export function postalAddressOf(row: ContactPointAddressRow): PostalAddress {
  return {
    name: row.name,
    street: row.street ?? '',
    city: row.city ?? '',
    state: row.state,
    postalCode: row.postal_code ?? '',
    country: row.country ?? '',
    geocodeAccuracy: row.geocode_accuracy as GeocodeAccuracy | null,
    latitude: row.latitude,
    longitude: row.longitude,
  };
}
