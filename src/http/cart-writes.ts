/**
 * The rules a write through the sObject API obeys when it touches a cart (SPEC.md section 3
 * rules 6–7 and section 6): the caller needs edit access to the cart; a cart that is
 * Processing, PendingClosed, PendingDelete or Closed can't change; a change to what a cart in
 * Checkout buys first cancels the checkout — in the same transaction as the change, so no
 * worker can finish a step on the old contents; a change to where it goes voids its shipping
 * and tax results. Item amounts are recomputed here, cart totals by recomputeCartTotals.
 */
import type { Kysely } from 'kysely';
import { isInternalCaller, type Caller } from '../access/caller.js';
import { canBuyFor, cartAccessOf, isStoreMember } from '../access/checks.js';
import { isCheckoutError } from '../domain/errors.js';
import { multiplyMinor, sumMinor } from '../domain/money.js';
import { tenThousandthsPerUnit } from '../domain/quantity.js';
import { cancelCheckout } from '../operations/cancel-checkout.js';
import { clearAdjustments } from '../operations/clear-cart-outputs.js';
import { recomputeCartTotals } from '../operations/recompute-cart-totals.js';
import { FieldValueError } from '../records/from-api-values.js';
import type { ObjectDef } from '../records/object.js';
import type { Database } from '../records/registry.js';
import { voidCartResults } from '../store/cart-results.js';
import { readOnlyAccess } from './api-error.js';

/**
 * What a write changes about its cart (SPEC.md section 3 rule 6):
 * - `contents`: what the cart buys (items, delivery groups added or removed, coupons) — a
 *   checkout in progress is canceled first;
 * - `details`: where it goes and how it is paid for (a delivery group's address, instructions or
 *   date; the cart's name, PO number, billing address) — no cancel, but shipping and tax results
 *   computed before a delivery change are void;
 * - `none`: records about the cart that only steps and integrators write.
 */
export type CartChange = 'contents' | 'details' | 'none';

export function cartChangeOf(definition: ObjectDef, mode: 'create' | 'update' | 'delete'): CartChange {
  switch (definition.name) {
    case 'CartItem':
    case 'CartCoupon':
      return 'contents';
    case 'CartDeliveryGroup':
      return mode === 'update' ? 'details' : 'contents';
    case 'WebCart':
      return mode === 'delete' ? 'contents' : 'details';
    default:
      return 'none';
  }
}

/** The column of a record that names its cart, or null for objects not bound to a cart. */
export function cartColumnOf(definition: ObjectDef): string | null {
  if (definition.name === 'WebCart') return 'id';
  const entry = Object.entries(definition.fields).find(
    ([, field]) => field.kind === 'reference' && field.referenceTo === 'WebCart',
  );
  return entry?.[0] ?? null;
}

/** Checks a buyer's new cart: its own active buyer account, a member of the store. */
export async function checkNewCart(trx: Kysely<Database>, caller: Caller, values: Record<string, unknown>) {
  if (isInternalCaller(caller)) return;
  const cart = { owner_id: String(values.owner_id), account_id: String(values.account_id) };
  const isAllowed =
    cartAccessOf(caller, cart) === 'edit' &&
    (await canBuyFor(trx, caller, cart.account_id)) &&
    (await isStoreMember(trx, cart.account_id, String(values.web_store_id)));
  if (!isAllowed) throw readOnlyAccess("You can't create a cart for this account, owner or store");
}

/**
 * Before a write to a record of a cart: checks access and status; cancels the checkout when
 * the cart is in Checkout and the write changes its contents.
 */
export async function prepareCartWrite(
  trx: Kysely<Database>,
  caller: Caller,
  change: CartChange,
  cartId: string,
): Promise<void> {
  const cart = await trx
    .selectFrom('web_cart')
    .select(['id', 'owner_id', 'account_id', 'status'])
    .where('id', '=', cartId)
    .executeTakeFirstOrThrow();
  if (cartAccessOf(caller, cart) !== 'edit') throw readOnlyAccess("You don't have edit access to this cart");
  if (change === 'none') return;
  if (change === 'contents' && cart.status === 'Checkout') await cancelCheckout(trx, cart.id, caller.userId);
  else if (cart.status !== 'Active' && cart.status !== 'Checkout') {
    throw readOnlyAccess(`The cart is ${cart.status} and can't be changed`);
  }
}

/** Columns of a line whose change voids its price (and, with its group, the cart's shipping and taxes). */
const pricedColumns = ['product2_id', 'quantity', 'type'];
/** Columns of a delivery group whose change voids the cart's shipping and taxes. */
const deliveryColumns = new Set(['delivery_method_id', 'desired_delivery_date', 'shipping_instructions']);

function changesAny(columns: Iterable<string>, values: Record<string, unknown>, before: Record<string, unknown>) {
  return [...columns].some((column) => column in values && values[column] !== before[column]);
}

/**
 * A line's price marker for this write: current when a trusted writer (integrator,
 * administrator) sets its price, void when anyone changes what the line buys, unchanged
 * otherwise (SPEC.md section 3 rule 7).
 */
export function priceMarkerOf(
  values: Record<string, unknown>,
  before: Record<string, unknown> | null,
): { is_price_current?: number } {
  if ('sales_price' in values) return { is_price_current: values.sales_price === null ? 0 : 1 };
  if (before === null || changesAny(pricedColumns, values, before)) return { is_price_current: 0 };
  return {};
}

/** After a write to a cart's records: what it voids of the step results (src/store/cart-results.ts). */
export async function afterCartWrite(
  trx: Kysely<Database>,
  definition: ObjectDef,
  write: { cartId: string; values: Record<string, unknown>; before: Record<string, unknown> | null },
  actorId: string,
): Promise<void> {
  const { cartId, values, before } = write;
  switch (definition.name) {
    case 'CartItem':
      if (
        before === null ||
        changesAny([...pricedColumns, 'cart_delivery_group_id'], values, before) ||
        'sales_price' in values
      ) {
        await voidCartResults(trx, cartId);
      }
      await recomputeCartTotals(trx, cartId, actorId);
      return;
    case 'CartCoupon':
      // Discounts computed with the old coupons are void, never carried into an order.
      await clearAdjustments(trx, cartId);
      await voidCartResults(trx, cartId);
      await recomputeCartTotals(trx, cartId, actorId);
      return;
    case 'CartDeliveryGroup': {
      const isAddress = Object.keys(values).some((column) => column.startsWith('deliver_to_'));
      if (before === null || isAddress || changesAny(deliveryColumns, values, before)) {
        await voidCartResults(trx, cartId);
      }
      return;
    }
    default:
      return;
  }
}

/**
 * Item amounts from unit prices and quantity. The quantity is already exact ten-thousandths
 * (from-api-values.ts); a total outside the range of amounts is NUMBER_OUTSIDE_VALID_RANGE /
 * 400, never rounded. An integrator or administrator may write TotalLineAmount and TotalPrice
 * itself (as a pricing integration does in Salesforce); what it leaves out is derived here.
 */
export function cartItemAmounts(
  row: Record<string, unknown>,
  written: Record<string, unknown>,
): Record<string, number | null> {
  const quantity = Number(row.quantity ?? tenThousandthsPerUnit);
  if (!Number.isSafeInteger(quantity) || quantity <= 0) {
    throw new FieldValueError(
      'FIELD_INTEGRITY_EXCEPTION',
      'Quantity must be a positive number with at most 4 decimal places',
      ['Quantity'],
    );
  }
  const listPrice = row.list_price as number | null | undefined;
  const salesPrice = row.sales_price as number | null | undefined;
  const totalOf = (unitMinor: number) => {
    try {
      return multiplyMinor(unitMinor, quantity);
    } catch (error) {
      if (!isCheckoutError(error)) throw error;
      throw new FieldValueError('NUMBER_OUTSIDE_VALID_RANGE', `Quantity: the line total ${error.message}`, [
        'Quantity',
      ]);
    }
  };
  const lineAmount =
    'total_line_amount' in written
      ? (written.total_line_amount as number | null)
      : salesPrice == null
        ? null
        : totalOf(salesPrice);
  return {
    total_list_price: listPrice == null ? null : totalOf(listPrice),
    total_line_amount: lineAmount,
    total_price:
      'total_price' in written
        ? (written.total_price as number | null)
        : lineAmount === null
          ? null
          : sumMinor([lineAmount, Number(row.total_adjustment_amount ?? 0)], "The cart item's TotalPrice"),
  };
}
