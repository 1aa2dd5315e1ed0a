/**
 * What a screen component adapter reads, as the interview's user: only records the sObject API
 * would show that user (access/record-visibility.ts), in their API shape. A cart the user may
 * not see and a cart that does not exist are the same error, so a screen can't probe for other
 * accounts' carts.
 */
import { mayReadField } from '../../access/record-visibility.js';
import { CheckoutError } from '../../domain/errors.js';
import { findVisibleRow, type StoredRow } from '../../http/read-record.js';
import type { ObjectDef } from '../../records/object.js';
import { objects } from '../../records/registry.js';
import { toApiRecord } from '../../records/to-api-record.js';
import type { ComponentContext, ComponentParameters } from '../screen-component.js';

/** A component parameter by name, compared case-insensitively as flows compare names. */
export function parameterOf(parameters: ComponentParameters, name: string): unknown {
  const wanted = name.toLowerCase();
  const key = Object.keys(parameters).find((candidate) => candidate.toLowerCase() === wanted);
  return key === undefined ? undefined : parameters[key];
}

/** The cart a component's `cartId` parameter names, visible to the interview's user. */
export async function visibleCart(context: ComponentContext, parameters: ComponentParameters): Promise<StoredRow> {
  const cartId = parameterOf(parameters, 'cartId');
  const cart =
    typeof cartId === 'string' ? await findVisibleRow(context.store.db, context.caller, objects.webCart, cartId) : null;
  if (cart === null) {
    throw new CheckoutError(
      'INVALID_INPUT',
      400,
      `No cart ${typeof cartId === 'string' ? cartId : '(none)'} that you may see`,
      ['cartId'],
    );
  }
  return cart;
}

/** A stored row as the API shows it to this user (fields it may not read left out). */
export function apiRecordFor(
  context: ComponentContext,
  definition: ObjectDef,
  row: Record<string, unknown>,
): Record<string, unknown> {
  return toApiRecord(definition, row, { isReadable: (column) => mayReadField(context.caller, definition, column) });
}

/** Refuses values a component does not take back (`accepted` names the ones it does). */
export function refuseUnknownValues(
  extensionName: string,
  submitted: Readonly<Record<string, unknown>>,
  accepted: readonly string[],
): void {
  const unknown = Object.keys(submitted).filter((key) => !accepted.includes(key));
  if (unknown.length > 0) {
    throw new CheckoutError('INVALID_INPUT', 400, `${extensionName} doesn't take ${unknown.join(', ')}`, unknown);
  }
}
