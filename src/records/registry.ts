/**
 * The sObject registry: every object the engine stores, looked up by API name or by key
 * prefix. It drives the record mapping, describe and the sObject API; the migrations are
 * literal files, checked against it by test/schema-agreement.test.ts.
 */
import type { ColumnType } from 'kysely';
import type { FieldDef, Row } from './fields.js';
import type { ObjectDef } from './object.js';
import { normalizeId } from './ids.js';
import { permissionSet, permissionSetAssignment, user } from './objects/users.js';
import {
  account,
  buyerAccount,
  buyerGroup,
  buyerGroupMember,
  contact,
  webStore,
  webStoreBuyerGroup,
} from './objects/buyers.js';
import {
  backgroundOperation,
  cartCheckoutSession,
  cartDeliveryGroup,
  cartItem,
  cartValidationOutput,
  webCart,
} from './objects/cart.js';
import { product, productInventory, storeIntegratedService } from './objects/catalog.js';
import { order, orderDeliveryGroup, orderItem, orderSummary, orderSummaryCreatedEvent } from './objects/orders.js';
import { buyerGroupPricebook, pricebook, pricebookEntry, webStorePricebook } from './objects/pricing.js';
import { cartCoupon, cartItemPriceAdjustment, promotion, webCartAdjustmentGroup } from './objects/promotions.js';
import { cartDeliveryGroupMethod, orderDeliveryMethod } from './objects/delivery.js';
import { cartTax, taxRate } from './objects/taxes.js';
import { registeredExternalService } from './objects/integrations.js';
import { contactPointAddress } from './objects/addresses.js';
import { cardPaymentMethod, paymentAuthorization } from './objects/payments.js';
import { organization } from './objects/organization.js';

export const objects = {
  account,
  buyerAccount,
  buyerGroup,
  buyerGroupMember,
  webStore,
  webStoreBuyerGroup,
  contact,
  user,
  permissionSet,
  permissionSetAssignment,
  product,
  productInventory,
  storeIntegratedService,
  webCart,
  cartDeliveryGroup,
  cartItem,
  backgroundOperation,
  cartCheckoutSession,
  cartValidationOutput,
  order,
  orderDeliveryGroup,
  orderItem,
  orderSummary,
  orderSummaryCreatedEvent,
  pricebook,
  pricebookEntry,
  webStorePricebook,
  buyerGroupPricebook,
  promotion,
  cartCoupon,
  webCartAdjustmentGroup,
  cartItemPriceAdjustment,
  orderDeliveryMethod,
  cartDeliveryGroupMethod,
  taxRate,
  cartTax,
  registeredExternalService,
  contactPointAddress,
  cardPaymentMethod,
  paymentAuthorization,
  organization,
} as const;

type Objects = typeof objects;

/** The database schema as Kysely sees it: one row type per table, derived from the fields. */
export type Database = {
  [K in keyof Objects as Objects[K]['table']]: Row<Objects[K]['fields']>;
} & {
  access_token: AccessTokenRow;
  login_attempt: LoginAttemptRow;
  order_number_sequence: { id: number; next_value: number };
  stock_reservation: StockReservationRow;
  query_cursor: QueryCursorRow;
};

/** The state behind a query's `nextRecordsUrl` (src/query/query-locator.ts). Not an sObject. */
export interface QueryCursorRow {
  id: string;
  user_id: string | null;
  query: string;
  batch_size: number;
  created_at_ms: number;
  expires_at_ms: number;
}

/** Units of a product held for a cart's order until activation sells them or a cancel releases them. */
export interface StockReservationRow {
  id: ColumnType<string, string | undefined, never>;
  cart_id: string;
  order_id: string;
  product2_id: string;
  /** Ten-thousandths of a unit, like ProductInventory's quantities. */
  quantity: number;
  status: 'Reserved' | 'Sold' | 'Released';
}

/** Bearer tokens, stored only as hashes (SPEC.md section 6). Not an sObject. */
export interface AccessTokenRow {
  token_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string | null;
}

/** The password grant's failure counter of one username or client address. Not an sObject. */
export interface LoginAttemptRow {
  /** `username:<lower-case username>` or `address:<client address>`. */
  subject: string;
  failure_count: number;
  last_attempt_at: string;
  locked_until: string | null;
}

export type TableName = Extract<keyof Database, string>;

export const allObjects: readonly ObjectDef[] = Object.values(objects);

const byName = new Map(allObjects.map((definition) => [definition.name.toLowerCase(), definition]));
const byPrefix = new Map(allObjects.map((definition) => [definition.keyPrefix, definition]));

if (byPrefix.size !== allObjects.length) throw new Error('Two sObjects share a key prefix');

export function findObject(name: string): ObjectDef | undefined {
  return byName.get(name.toLowerCase());
}

export function objectOfId(id: string): ObjectDef | undefined {
  return byPrefix.get(id.slice(0, 3));
}

/** The canonical 18-character id when `text` is a well-formed id of `definition`, else null. */
export function parseIdOf(definition: ObjectDef, text: unknown): string | null {
  if (typeof text !== 'string') return null;
  const id = normalizeId(text);
  if (id === null || !id.startsWith(definition.keyPrefix)) return null;
  return id;
}

/** API-visible fields of an object, keyed by column. */
export function apiFields(definition: ObjectDef): [string, FieldDef][] {
  return Object.entries(definition.fields).filter(([, field]) => !field.internal);
}
