/**
 * Checks 2–5 of SPEC.md section 4 for an action on a cart: the id names a cart, the cart's
 * account is one the caller may buy for, that account is a member of the cart's store, and the
 * caller may read or edit the cart. The error each failure becomes differs by action family, so
 * a profile names them.
 */
import type { Selectable } from 'kysely';
import { allows, buyerStandingOf, cartAccessOf } from '../access/checks.js';
import { CheckoutError, type ErrorCode, type HttpStatus } from '../domain/errors.js';
import type { Database } from '../records/registry.js';
import { objects, parseIdOf } from '../records/registry.js';
import type { ActionContext } from './action.js';

export type CartRow = Selectable<Database['web_cart']>;

type Failure = readonly [ErrorCode, HttpStatus];

export interface CheckProfile {
  readonly invalidCart: Failure;
  readonly account: Failure;
  readonly membership: Failure;
  readonly cartAccess: Failure;
  readonly accessNeeded: 'read' | 'edit';
}

/** checkoutSessionAction. */
export const sessionCreateChecks: CheckProfile = {
  invalidCart: ['UNKNOWN_EXCEPTION', 500],
  account: ['BAD_REQUEST', 400],
  membership: ['BAD_REQUEST', 400],
  cartAccess: ['BAD_REQUEST', 400],
  accessNeeded: 'read',
};

/** updateCheckoutSessionStateAction (after the session itself was found). */
export const sessionUpdateChecks: CheckProfile = {
  invalidCart: ['INSUFFICIENT_ACCESS_OR_READONLY', 400],
  account: ['INSUFFICIENT_ACCESS_OR_READONLY', 400],
  membership: ['INSUFFICIENT_ACCESS_OR_READONLY', 400],
  cartAccess: ['INSUFFICIENT_ACCESS_OR_READONLY', 400],
  accessNeeded: 'read',
};

/** The asynchronous cart steps, cart to order, activation, cancel. */
export const cartStepChecks: CheckProfile = {
  invalidCart: ['UNKNOWN_EXCEPTION', 500],
  account: ['INSUFFICIENT_ACCESS_OR_READONLY', 500],
  membership: ['INSUFFICIENT_ACCESS_OR_READONLY', 500],
  cartAccess: ['BAD_REQUEST', 400],
  accessNeeded: 'edit',
};

export async function checkCart(context: ActionContext, cartIdInput: string, profile: CheckProfile): Promise<CartRow> {
  const { db } = context.store;
  const cartId = parseIdOf(objects.webCart, cartIdInput);
  const cart =
    cartId === null
      ? undefined
      : await db.selectFrom('web_cart').selectAll().where('id', '=', cartId).executeTakeFirst();
  if (cart === undefined) {
    throw new CheckoutError(...profile.invalidCart, `Invalid cart id: ${cartIdInput}`, ['cartId']);
  }
  return checkCartAccess(context, cart, profile);
}

export async function checkCartAccess(context: ActionContext, cart: CartRow, profile: CheckProfile): Promise<CartRow> {
  const { db } = context.store;
  const standing = await buyerStandingOf(db, context.caller, cart.account_id, cart.web_store_id);
  if (!standing.canBuy) {
    throw new CheckoutError(...profile.account, "The cart's account is not a valid buyer account you may buy for");
  }
  if (!standing.isMember) {
    throw new CheckoutError(...profile.membership, "The cart's account is not a member of the store");
  }
  if (!allows(cartAccessOf(context.caller, cart), profile.accessNeeded)) {
    throw new CheckoutError(...profile.cartAccess, `You don't have ${profile.accessNeeded} access to the cart`);
  }
  return cart;
}
