/**
 * Stock movements on `ProductInventory`, each a guarded update inside the caller's transaction
 * (DESIGN.md concurrency rule 5). A reservation is recorded per order and product so that its
 * release (cancel) or sale (activation) happens exactly once. Quantities are integer
 * ten-thousandths of a unit, in the columns and here, so the guard compares integers exactly.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../records/registry.js';

export interface StockLine {
  readonly product2Id: string;
  readonly quantityTenThousandths: number;
}

/** A product whose stock could not cover the reservation (in ten-thousandths). */
export interface Shortfall {
  readonly product2Id: string;
  readonly neededTenThousandths: number;
  readonly availableTenThousandths: number;
}

/**
 * Reserves every line or nothing: returns the first shortfall (the caller rolls back) or null.
 * Products without a ProductInventory row are not tracked and need no reservation.
 */
export async function reserveStock(
  trx: Kysely<Database>,
  reservation: { readonly cartId: string; readonly orderId: string },
  lines: readonly StockLine[],
): Promise<Shortfall | null> {
  // Rows are locked in one global order (by product id) so that two checkouts reserving the
  // same products can never wait on each other in a cycle.
  const ordered = [...lines].sort((a, b) => (a.product2Id < b.product2Id ? -1 : a.product2Id > b.product2Id ? 1 : 0));
  for (const line of ordered) {
    const result = await trx
      .updateTable('product_inventory')
      .set((eb) => ({ quantity_reserved: eb('quantity_reserved', '+', line.quantityTenThousandths) }))
      .where('product2_id', '=', line.product2Id)
      .where((eb) => eb(eb('quantity_on_hand', '-', eb.ref('quantity_reserved')), '>=', line.quantityTenThousandths))
      .executeTakeFirst();
    if (result.numUpdatedRows === 1n) {
      await trx
        .insertInto('stock_reservation')
        .values({
          id: randomUUID(),
          cart_id: reservation.cartId,
          order_id: reservation.orderId,
          product2_id: line.product2Id,
          quantity: line.quantityTenThousandths,
          status: 'Reserved',
        })
        .execute();
      continue;
    }
    const row = await trx
      .selectFrom('product_inventory')
      .select(['quantity_on_hand', 'quantity_reserved'])
      .where('product2_id', '=', line.product2Id)
      .executeTakeFirst();
    if (row === undefined) continue;
    return {
      product2Id: line.product2Id,
      neededTenThousandths: line.quantityTenThousandths,
      availableTenThousandths: row.quantity_on_hand - row.quantity_reserved,
    };
  }
  return null;
}

async function settleReservations(
  trx: Kysely<Database>,
  where: { readonly column: 'cart_id' | 'order_id'; readonly value: string },
  outcome: 'Sold' | 'Released',
): Promise<void> {
  const reservations = await trx
    .selectFrom('stock_reservation')
    .select(['id', 'product2_id', 'quantity'])
    .where(where.column, '=', where.value)
    .where('status', '=', 'Reserved')
    .orderBy('product2_id')
    .execute();
  for (const reservation of reservations) {
    const settled = await trx
      .updateTable('stock_reservation')
      .set({ status: outcome })
      .where('id', '=', reservation.id)
      .where('status', '=', 'Reserved')
      .executeTakeFirst();
    if (settled.numUpdatedRows !== 1n) continue;
    await trx
      .updateTable('product_inventory')
      .set((eb) =>
        outcome === 'Sold'
          ? {
              quantity_reserved: eb('quantity_reserved', '-', reservation.quantity),
              quantity_on_hand: eb('quantity_on_hand', '-', reservation.quantity),
              quantity_sold: eb('quantity_sold', '+', reservation.quantity),
            }
          : { quantity_reserved: eb('quantity_reserved', '-', reservation.quantity) },
      )
      .where('product2_id', '=', reservation.product2_id)
      .execute();
  }
}

/** Activation: the order's reserved units leave stock as sold. */
export function sellReservedStock(trx: Kysely<Database>, orderId: string): Promise<void> {
  return settleReservations(trx, { column: 'order_id', value: orderId }, 'Sold');
}

/** Cancel: every unit still reserved for the cart goes back to available stock. */
export function releaseReservedStock(trx: Kysely<Database>, cartId: string): Promise<void> {
  return settleReservations(trx, { column: 'cart_id', value: cartId }, 'Released');
}

/** Reservation window passed: every unit still reserved for the order goes back to available stock. */
export function releaseOrderStock(trx: Kysely<Database>, orderId: string): Promise<void> {
  return settleReservations(trx, { column: 'order_id', value: orderId }, 'Released');
}

/** The reservations still holding stock, newest orders first (the operations console). */
export function listHeldReservations(db: Kysely<Database>, limit: number) {
  return db
    .selectFrom('stock_reservation')
    .innerJoin('product', 'product.id', 'stock_reservation.product2_id')
    .select([
      'stock_reservation.cart_id as cartId',
      'stock_reservation.order_id as orderId',
      'product.stock_keeping_unit as sku',
      'stock_reservation.quantity as quantityTenThousandths',
    ])
    .where('stock_reservation.status', '=', 'Reserved')
    .orderBy('stock_reservation.order_id', 'desc')
    .limit(limit)
    .execute();
}
