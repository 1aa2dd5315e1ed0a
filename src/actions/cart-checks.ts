/**
 * Checks 2–5 of SPEC.md section 4 for an action on a cart: the id names a cart, the cart's
 * account is one the caller may buy for, that account is a member of the cart's store, and the
 * caller may read or edit the cart. The error each failure becomes differs by action family, so
 * a profile names them.
 */
import { isInternalCaller, type Caller } from '../access/caller.js';
import { allows, cartAccessOf } from '../access/checks.js';
import { CheckoutError, type ErrorCode, type HttpStatus } from '../domain/errors.js';
import { objects, parseIdOf } from '../records/registry.js';
import type { ActionContext } from './action.js';
import { readCartForAction, type ActionReadExtras, type CartForAction, type CartRow } from './read-cart-for-action.js';

export type { CartRow } from './read-cart-for-action.js';

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

/** The checks of an action on a cart, from one joined read (read-cart-for-action.ts). */
export async function checkCartForAction(
  context: ActionContext,
  cartIdInput: string,
  profile: CheckProfile,
  extras: ActionReadExtras = {},
): Promise<CartForAction> {
  const cartId = parseIdOf(objects.webCart, cartIdInput);
  const found = cartId === null ? undefined : await readCartForAction(context.store.db, { cartId }, extras);
  if (found === undefined) {
    throw new CheckoutError(...profile.invalidCart, `Invalid cart id: ${cartIdInput}`, ['cartId']);
  }
  assertCartAccess(context.caller, found, profile);
  return found;
}

export async function checkCart(context: ActionContext, cartIdInput: string, profile: CheckProfile): Promise<CartRow> {
  return (await checkCartForAction(context, cartIdInput, profile)).cart;
}

/** Checks 3–5 on what `readCartForAction` read. */
export function assertCartAccess(caller: Caller, found: CartForAction, profile: CheckProfile): void {
  const { cart } = found;
  const isOwnAccount = isInternalCaller(caller) || caller.accountId === cart.account_id;
  if (!isOwnAccount || !found.isActiveBuyer) {
    throw new CheckoutError(...profile.account, "The cart's account is not a valid buyer account you may buy for");
  }
  if (!found.isStoreMember) {
    throw new CheckoutError(...profile.membership, "The cart's account is not a member of the store");
  }
  if (!allows(cartAccessOf(caller, cart), profile.accessNeeded)) {
    throw new CheckoutError(...profile.cartAccess, `You don't have ${profile.accessNeeded} access to the cart`);
  }
}
