/**
 * Stock movements on `ProductInventory`, each a guarded update inside the caller's transaction
 * (DESIGN.md concurrency rule 5). A reservation is recorded per order and product so that its
 * release (cancel) or sale (activation) happens exactly once. Quantities are integer
 * ten-thousandths of a unit, in the columns and here, so the guard compares integers exactly.
 */
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../records/registry.js';
import { dialectOf } from '../../store/database-now.js';
import { chunkRows, rowsPerList, valuesList } from '../../store/values-list.js';

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

const demandColumns = { pid: 'text', qty: 'bigint' } as const;

/**
 * On PostgreSQL the inventory rows of a set-based update are locked first, in one global order
 * (by product id), so that two checkouts moving the same products never wait on each other in
 * a cycle. SQLite has one writer: nothing to order.
 */
function inProductOrder(trx: Kysely<Database>) {
  return dialectOf(trx) === 'postgres'
    ? sql`and product_inventory.product2_id in (
        select locked.product2_id from product_inventory locked
        where locked.product2_id in (select pid from v) order by locked.product2_id for update)`
    : sql``;
}

/**
 * Reserves every line or nothing: returns the first shortfall (in product order; the caller
 * rolls back) or null. One guarded update for all lines, a read only when some line was not
 * reserved (to tell an untracked product from a shortfall). Products without a
 * ProductInventory row are not tracked and need no reservation.
 */
export async function reserveStock(
  trx: Kysely<Database>,
  reservation: { readonly cartId: string; readonly orderId: string },
  lines: readonly StockLine[],
): Promise<Shortfall | null> {
  const ordered = [...lines].sort((a, b) => (a.product2Id < b.product2Id ? -1 : a.product2Id > b.product2Id ? 1 : 0));
  const reserved = new Set<string>();
  for (const chunk of chunkRows(ordered, rowsPerList(demandColumns))) {
    const demand = chunk.map((line) => ({ pid: line.product2Id, qty: line.quantityTenThousandths }));
    const result = await sql<{ product2_id: string }>`
      with ${valuesList('v', demandColumns, demand)}
      update product_inventory set quantity_reserved = quantity_reserved + v.qty
      from v
      where product_inventory.product2_id = v.pid
        and product_inventory.quantity_on_hand - product_inventory.quantity_reserved >= v.qty
        ${inProductOrder(trx)}
      returning product2_id`.execute(trx);
    for (const row of result.rows) reserved.add(row.product2_id);
  }
  const missing = ordered.filter((line) => !reserved.has(line.product2Id));
  if (missing.length > 0) {
    const rows = await trx
      .selectFrom('product_inventory')
      .select(['product2_id', 'quantity_on_hand', 'quantity_reserved'])
      .where(
        'product2_id',
        'in',
        missing.map((line) => line.product2Id),
      )
      .execute();
    const tracked = new Map(rows.map((row) => [row.product2_id, row]));
    for (const line of missing) {
      const row = tracked.get(line.product2Id);
      if (row === undefined) continue;
      return {
        product2Id: line.product2Id,
        neededTenThousandths: line.quantityTenThousandths,
        availableTenThousandths: row.quantity_on_hand - row.quantity_reserved,
      };
    }
  }
  const reservations = ordered
    .filter((line) => reserved.has(line.product2Id))
    .map((line) => ({
      id: randomUUID(),
      cart_id: reservation.cartId,
      order_id: reservation.orderId,
      product2_id: line.product2Id,
      quantity: line.quantityTenThousandths,
      status: 'Reserved' as const,
    }));
  for (const chunk of chunkRows(reservations, rowsPerList(reservationColumns))) {
    await trx.insertInto('stock_reservation').values(chunk).execute();
  }
  return null;
}

const reservationColumns = {
  id: 'text',
  cart_id: 'text',
  order_id: 'text',
  product2_id: 'text',
  quantity: 'bigint',
  status: 'text',
} as const;

/**
 * Sale or release of reservations, exactly once each: the reservations change status in one
 * guarded update that returns what it changed, and the inventory follows in one update.
 */
async function settleReservations(
  trx: Kysely<Database>,
  where: { readonly column: 'cart_id' | 'order_id'; readonly value: string },
  outcome: 'Sold' | 'Released',
): Promise<void> {
  const settled = await trx
    .updateTable('stock_reservation')
    .set({ status: outcome })
    .where(where.column, '=', where.value)
    .where('status', '=', 'Reserved')
    .returning(['product2_id', 'quantity'])
    .execute();
  // One reservation per order and product; a cart's reservations may span orders: sum them.
  const byProduct = new Map<string, number>();
  for (const row of settled) byProduct.set(row.product2_id, (byProduct.get(row.product2_id) ?? 0) + row.quantity);
  const moves = [...byProduct].map(([pid, qty]) => ({ pid, qty }));
  const assignments =
    outcome === 'Sold'
      ? sql`quantity_reserved = quantity_reserved - v.qty, quantity_on_hand = quantity_on_hand - v.qty,
          quantity_sold = quantity_sold + v.qty`
      : sql`quantity_reserved = quantity_reserved - v.qty`;
  for (const chunk of chunkRows(moves, rowsPerList(demandColumns))) {
    await sql`
      with ${valuesList('v', demandColumns, chunk)}
      update product_inventory set ${assignments}
      from v
      where product_inventory.product2_id = v.pid
        ${inProductOrder(trx)}`.execute(trx);
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
