/**
 * `forceCommunity:commerceScreenWait`: the screen a checkout flow shows while a step runs in the
 * background. Parameters: `cartCheckoutSessionId` (as the templates pass it) or `cartId` (its
 * cart's current session). Shows: `checkoutSessionId`, `state`, `isProcessing`, `isError`.
 * Waits while the session is processing; a session the interview's user can't see (or none)
 * never holds the screen. Takes nothing back; its output `cartCheckoutSessionId` is the session
 * it waited on (the templates store it back into their session variable's `Id`).
 */
import type { StoredRow } from '../../http/read-record.js';
import { findVisibleRow } from '../../http/read-record.js';
import { objects } from '../../records/registry.js';
import type { ComponentContext, ComponentParameters, ScreenComponentAdapter } from '../screen-component.js';
import { parameterOf, refuseUnknownValues } from './component-records.js';
import { notArchived } from '../../store/partial-index-terms.js';

const extensionName = 'forceCommunity:commerceScreenWait';

async function sessionOf(context: ComponentContext, parameters: ComponentParameters): Promise<StoredRow | null> {
  const { db } = context.store;
  const sessionId = parameterOf(parameters, 'cartCheckoutSessionId');
  if (typeof sessionId === 'string' && sessionId !== '') {
    return findVisibleRow(db, context.caller, objects.cartCheckoutSession, sessionId);
  }
  const cartId = parameterOf(parameters, 'cartId');
  const cart = typeof cartId === 'string' ? await findVisibleRow(db, context.caller, objects.webCart, cartId) : null;
  if (cart === null) return null;
  const session = await db
    .selectFrom('cart_checkout_session')
    .selectAll()
    .where('web_cart_id', '=', cart.id)
    .where('is_archived', '=', notArchived)
    .executeTakeFirst();
  return session ?? null;
}

export const screenWaitComponent: ScreenComponentAdapter = {
  extensionName,
  inputParameters: ['cartCheckoutSessionId', 'cartId'],
  outputParameters: ['cartCheckoutSessionId'],

  async view(context, parameters) {
    const session = await sessionOf(context, parameters);
    return {
      checkoutSessionId: session?.id ?? null,
      state: session === null ? null : session.state,
      isProcessing: session?.is_processing === 1,
      isError: session?.is_error === 1,
    };
  },

  async accept(context, parameters, submitted) {
    refuseUnknownValues(extensionName, submitted, []);
    const given = parameterOf(parameters, 'cartCheckoutSessionId');
    const sessionId =
      typeof given === 'string' && given !== '' ? given : ((await sessionOf(context, parameters))?.id ?? null);
    return { cartCheckoutSessionId: sessionId };
  },

  async isWaiting(context, parameters) {
    return (await sessionOf(context, parameters))?.is_processing === 1;
  },

  async waitsOn(context, parameters) {
    const session = await sessionOf(context, parameters);
    return session === null ? [] : [session.id];
  },
};
