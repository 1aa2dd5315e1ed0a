/**
 * The cart an address or payment screen is about (its `cartId` parameter), with the caller's
 * access checked as the sObject API checks it: another account's cart and a cart that does not
 * exist are the same 400, so a screen can't probe; writing needs edit access and a cart that
 * can still change (Active, or Checkout: a delivery or payment detail never cancels it).
 */
import type { Selectable } from 'kysely';
import { cartAccessOf } from '../../access/checks.js';
import { CheckoutError } from '../../domain/errors.js';
import { objects, parseIdOf, type Database } from '../../records/registry.js';
import type { ComponentContext, ComponentParameters } from '../screen-component.js';

export type ComponentCart = Selectable<Database['web_cart']>;

/** A component parameter by name, compared case-insensitively as flows compare names. */
export function parameterNamed(parameters: ComponentParameters, name: string): unknown {
  const wanted = name.toLowerCase();
  const key = Object.keys(parameters).find((candidate) => candidate.toLowerCase() === wanted);
  return key === undefined ? undefined : parameters[key];
}

/** A Boolean parameter: `true`, or the text `true` (flows pass either). */
export function isParameterSet(parameters: ComponentParameters, name: string): boolean {
  const value = parameterNamed(parameters, name);
  return value === true || (typeof value === 'string' && value.toLowerCase() === 'true');
}

export async function componentCart(
  context: ComponentContext,
  parameters: ComponentParameters,
  needed: 'read' | 'edit',
): Promise<ComponentCart> {
  const given = parameterNamed(parameters, 'cartId');
  const cartId = parseIdOf(objects.webCart, given);
  const cart =
    cartId === null
      ? undefined
      : await context.store.db.selectFrom('web_cart').selectAll().where('id', '=', cartId).executeTakeFirst();
  const access = cart === undefined ? 'none' : cartAccessOf(context.caller, cart);
  if (cart === undefined || access === 'none') {
    throw new CheckoutError(
      'INVALID_INPUT',
      400,
      `No cart ${typeof given === 'string' ? given : '(none)'} that you may see`,
      ['cartId'],
    );
  }
  if (needed === 'edit' && access !== 'edit') {
    throw new CheckoutError('INSUFFICIENT_ACCESS_OR_READONLY', 403, "You don't have edit access to this cart", [
      'cartId',
    ]);
  }
  if (needed === 'edit' && cart.status !== 'Active' && cart.status !== 'Checkout') {
    throw new CheckoutError('INVALID_OPERATION', 400, `The cart is ${cart.status} and can't be changed`, ['cartId']);
  }
  return cart;
}

/** A submitted value refused: 400 naming the field, nothing stored. */
export function invalidValue(field: string, message: string): CheckoutError {
  return new CheckoutError('INVALID_INPUT', 400, message, [field]);
}
