/** Reads a cart with its lines and delivery groups, in one statement, for a step to use. */
import type { Kysely, Selectable } from 'kysely';
import { formatQuantity, sumQuantities } from '../../domain/quantity.js';
import type { ServiceProviderType } from '../../domain/vocabulary.js';
import { cartDeliveryGroup, cartItem } from '../../records/objects/cart.js';
import type { Database } from '../../records/registry.js';
import { childRowsAsJson, parseChildRows } from '../../store/child-rows-as-json.js';
import type { Dialect } from '../../store/database.js';
import { dialectOf } from '../../store/database-now.js';
import { prepareQuery } from '../../store/prepared-query.js';

export type CartRow = Selectable<Database['web_cart']>;
export type CartItemRow = Selectable<Database['cart_item']>;
export type CartDeliveryGroupRow = Selectable<Database['cart_delivery_group']>;

export interface CartSnapshot {
  readonly cart: CartRow;
  readonly items: readonly CartItemRow[];
  readonly deliveryGroups: readonly CartDeliveryGroupRow[];
}

/** A step's cart with its store's mapping for the step's service type (null: the built-in). */
export interface StepCart extends CartSnapshot {
  readonly integration: string | null;
}

function selectCart(db: Kysely<Database>, dialect: Dialect, cartId: string) {
  return db
    .selectFrom('web_cart')
    .selectAll('web_cart')
    .select([
      childRowsAsJson(dialect, cartItem, 'cart_id', 'web_cart').as('x_items'),
      childRowsAsJson(dialect, cartDeliveryGroup, 'cart_id', 'web_cart').as('x_groups'),
    ])
    .where('web_cart.id', '=', cartId);
}

type CartWithChildren = CartRow & { x_items: unknown; x_groups: unknown };

const cartRead = prepareQuery<{ cartId: string }, CartWithChildren>((db, value) =>
  selectCart(db, dialectOf(db), value('cartId')),
);

// PostgreSQL locks the cart row until the transaction ends; a SQLite write transaction
// (BEGIN IMMEDIATE) already holds the database's one write lock.
const lockedCartRead = prepareQuery<{ cartId: string }, CartWithChildren>((db, value) => {
  const dialect = dialectOf(db);
  const read = selectCart(db, dialect, value('cartId'));
  return dialect === 'postgres' ? read.forUpdate(['web_cart']) : read;
});

const stepCartRead = prepareQuery<
  { cartId: string; type: string },
  CartWithChildren & { x_integration: string | null }
>((db, value) =>
  selectCart(db, dialectOf(db), value('cartId')).select((eb) =>
    eb
      .selectFrom('store_integrated_service')
      .select('store_integrated_service.integration')
      .whereRef('store_integrated_service.store_id', '=', 'web_cart.web_store_id')
      .where('store_integrated_service.service_provider_type', '=', value('type') as ServiceProviderType)
      .limit(1)
      .as('x_integration'),
  ),
);

function firstRow<R>(rows: readonly R[], cartId: string): R {
  const row = rows[0];
  if (row === undefined) throw new Error(`Cart ${cartId} not found`);
  return row;
}

function snapshotOf(row: CartWithChildren): CartSnapshot {
  const { x_items: items, x_groups: groups, ...cart } = row;
  return {
    cart,
    items: parseChildRows<CartItemRow>(items),
    deliveryGroups: parseChildRows<CartDeliveryGroupRow>(groups),
  };
}

/**
 * The cart with its lines and delivery groups (each ordered by id) in one statement; `db` is
 * the store's connection or a transaction of it.
 */
export async function loadCart(db: Kysely<Database>, cartId: string): Promise<CartSnapshot> {
  const { rows } = await cartRead.execute(db, { cartId });
  return snapshotOf(firstRow(rows, cartId));
}

/**
 * The cart as `loadCart` reads it, inside a write transaction, with no other writer able to
 * change the cart row until that transaction ends (what a step checks is what it writes on).
 */
export async function loadLockedCart(trx: Kysely<Database>, cartId: string): Promise<CartSnapshot> {
  const { rows } = await lockedCartRead.execute(trx, { cartId });
  return snapshotOf(firstRow(rows, cartId));
}

/** The cart as `loadCart` reads it, with the store's integration for `type`, in the same statement. */
export async function loadStepCart(db: Kysely<Database>, cartId: string, type: ServiceProviderType): Promise<StepCart> {
  const { rows } = await stepCartRead.execute(db, { cartId, type });
  const { x_integration: integration, ...row } = firstRow(rows, cartId);
  return { ...snapshotOf(row), integration: integration ?? null };
}

/** The demand for one product across a cart's lines, in ten-thousandths of a unit. */
export interface ProductDemand {
  readonly product2Id: string;
  readonly sku: string | null;
  readonly productName: string;
  readonly quantityTenThousandths: number;
}

/** Product lines summed per product (exactly, range-checked), in first-seen order. */
export function productLines(items: readonly CartItemRow[]): ProductDemand[] {
  const lines = new Map<string, ProductDemand>();
  for (const item of items) {
    if (item.type !== 'Product' || item.product2_id === null) continue;
    const line = lines.get(item.product2_id);
    lines.set(item.product2_id, {
      product2Id: item.product2_id,
      sku: line?.sku ?? item.sku,
      productName: line?.productName ?? item.name,
      quantityTenThousandths: sumQuantities(
        [line?.quantityTenThousandths ?? 0, item.quantity],
        `The quantity of SKU ${item.sku ?? item.name}`,
      ),
    });
  }
  return [...lines.values()];
}

/**
 * The message of an insufficient-stock output: names the SKU, the quantity needed and
 * available (both in ten-thousandths, written as exact decimals).
 */
export function shortfallMessage(
  line: { sku: string | null; productName: string },
  neededTenThousandths: number,
  availableTenThousandths: number,
) {
  const needed = formatQuantity(neededTenThousandths);
  const available = formatQuantity(Math.max(availableTenThousandths, 0));
  return `Insufficient stock for SKU ${line.sku ?? line.productName}: ${needed} needed, ${available} available`;
}
