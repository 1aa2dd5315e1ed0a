/**
 * The rules a write through the sObject API obeys when it touches a cart (SPEC.md section 3
 * rule 6 and section 6): the caller needs edit access to the cart; a cart that is
 * Processing, PendingClosed, PendingDelete or Closed can't change; a change to a cart in
 * Checkout first cancels the checkout — in the same transaction as the change, so no worker
 * can finish a step on the old contents. Item amounts are recomputed here, cart totals by
 * recomputeCartTotals, so a pricing step never starts from stale totals.
 */
import type { Kysely } from 'kysely';
import { isInternalCaller, type Caller } from '../access/caller.js';
import { canBuyFor, cartAccessOf, isStoreMember } from '../access/checks.js';
import { isCheckoutError } from '../domain/errors.js';
import { multiplyMinor, sumMinor } from '../domain/money.js';
import { tenThousandthsPerUnit } from '../domain/quantity.js';
import { cancelCheckout } from '../operations/cancel-checkout.js';
import { FieldValueError } from '../records/from-api-values.js';
import type { ObjectDef } from '../records/object.js';
import type { Database } from '../records/registry.js';
import { readOnlyAccess } from './api-error.js';

/** Objects whose changes are changes to the cart's contents: they cancel a running checkout. */
const cartContents = new Set(['WebCart', 'CartItem', 'CartDeliveryGroup', 'CartCoupon']);

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
 * the cart is in Checkout and the object is part of its contents.
 */
export async function prepareCartWrite(
  trx: Kysely<Database>,
  caller: Caller,
  definition: ObjectDef,
  cartId: string,
): Promise<void> {
  const cart = await trx
    .selectFrom('web_cart')
    .select(['id', 'owner_id', 'account_id', 'status'])
    .where('id', '=', cartId)
    .executeTakeFirstOrThrow();
  if (cartAccessOf(caller, cart) !== 'edit') throw readOnlyAccess("You don't have edit access to this cart");
  if (!cartContents.has(definition.name)) return;
  if (cart.status === 'Checkout') await cancelCheckout(trx, cart.id, caller.userId);
  else if (cart.status !== 'Active') throw readOnlyAccess(`The cart is ${cart.status} and can't be changed`);
}

/**
 * Item amounts from unit prices and quantity (the columns a client may not write). The
 * quantity is already exact ten-thousandths (from-api-values.ts); a total outside the range of
 * amounts is NUMBER_OUTSIDE_VALID_RANGE / 400, never rounded.
 */
export function cartItemAmounts(row: Record<string, unknown>): Record<string, number | null> {
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
  const lineAmount = salesPrice == null ? null : totalOf(salesPrice);
  return {
    total_list_price: listPrice == null ? null : totalOf(listPrice),
    total_line_amount: lineAmount,
    total_price:
      lineAmount === null
        ? null
        : sumMinor([lineAmount, Number(row.total_adjustment_amount ?? 0)], "The cart item's TotalPrice"),
  };
}
