/**
 * checkoutSessionAction: gets the cart's checkout session, creating it when there is none.
 *
 * Checks (in order):
 * 1. caller may invoke actions → BAD_REQUEST 400
 * 2. cartId names a cart → UNKNOWN_EXCEPTION 500
 * 3. effective account valid for the caller → BAD_REQUEST 400
 * 4. account is a member of the store → BAD_REQUEST 400
 * 5. caller can read the cart → BAD_REQUEST 400
 * 6. cart Processing, PendingClosed or PendingDelete → BAD_REQUEST 400; cart Closed → INVALID_OPERATION 403,
 *    except a Closed cart whose last checkout completed: its archived session (with an Activated
 *    order) is answered and nothing changes, so re-entrant flows reach their confirmation
 * Unexpected failure while creating → UNKNOWN_EXCEPTION 500.
 *
 * Effects (one transaction): cart Status := Checkout; a session with State := initialState is
 * created unless a non-archived one exists; the cart's validation outputs are deleted (only
 * when a session is created).
 */
import { z } from 'zod';
import { CheckoutError, isCheckoutError } from '../domain/errors.js';
import { defaultInitialState } from '../domain/vocabulary.js';
import { nowIso } from '../store/clock.js';
import { createSession, moveCartStatus } from '../store/checkout-transitions.js';
import { isUniqueViolation } from '../store/is-unique-violation.js';
import { defineAction, type ActionContext } from './action.js';
import { checkCart, sessionCreateChecks, type CartRow } from './cart-checks.js';
import { cartIdDoc, cartIdInput, stateInput } from './inputs.js';
import { notArchived } from '../store/partial-index-terms.js';

const busyStatuses = new Set(['Processing', 'PendingClosed', 'PendingDelete']);

function assertCartOpen(status: string): void {
  if (busyStatuses.has(status)) throw new CheckoutError('BAD_REQUEST', 400, 'Cart Is Already in Progress');
  if (status === 'Closed') throw new CheckoutError('INVALID_OPERATION', 403, 'The cart is closed');
}

async function findOpenSession(context: ActionContext, cartId: string): Promise<string | undefined> {
  const session = await context.store.db
    .selectFrom('cart_checkout_session')
    .select('id')
    .where('web_cart_id', '=', cartId)
    .where('is_archived', '=', notArchived)
    .executeTakeFirst();
  return session?.id;
}

/** The archived session of a Closed cart's completed checkout (its order Activated), if any. */
async function findCompletedSession(context: ActionContext, cartId: string): Promise<string | undefined> {
  const session = await context.store.db
    .selectFrom('cart_checkout_session')
    .innerJoin('sales_order', 'sales_order.id', 'cart_checkout_session.order_id')
    .select('cart_checkout_session.id')
    .where('cart_checkout_session.web_cart_id', '=', cartId)
    .where('cart_checkout_session.is_archived', '=', 1)
    .where('sales_order.status', '=', 'Activated')
    .orderBy('cart_checkout_session.created_date', 'desc')
    .orderBy('cart_checkout_session.id', 'desc')
    .executeTakeFirst();
  return session?.id;
}

async function getOrCreateSession(context: ActionContext, cart: CartRow, initialState: string): Promise<string> {
  const actorId = context.caller.userId;
  return context.store.transaction(async (trx) => {
    const existing = await trx
      .selectFrom('cart_checkout_session')
      .select('id')
      .where('web_cart_id', '=', cart.id)
      .where('is_archived', '=', notArchived)
      .executeTakeFirst();
    if (existing !== undefined) return existing.id;
    if (!(await moveCartStatus(trx, cart.id, 'lockForCheckout', actorId))) {
      const current = await trx.selectFrom('web_cart').select('status').where('id', '=', cart.id).executeTakeFirst();
      assertCartOpen(current?.status ?? 'Closed');
    }
    const sessionId = await createSession(
      trx,
      {
        cartId: cart.id,
        name: `Checkout ${cart.name} ${nowIso()}`.slice(0, 255),
        initialState,
        currencyIsoCode: cart.currency_iso_code,
      },
      actorId,
    );
    await trx.deleteFrom('cart_validation_output').where('cart_id', '=', cart.id).execute();
    return sessionId;
  });
}

export const checkoutSessionAction = defineAction({
  name: 'checkoutSessionAction',
  aliases: ['createCheckoutSessionAction'],
  label: 'Checkout Session Action',
  description: "Gets the cart's checkout session, creating it when there is none, and locks the cart for checkout.",
  input: z.strictObject({ cartId: cartIdInput, initialState: stateInput.optional() }),
  inputs: [
    cartIdDoc,
    {
      name: 'initialState',
      label: 'Initial State',
      description: 'State of a new session. Default Start.',
      type: 'STRING',
    },
  ],
  outputs: [
    {
      name: 'requestId',
      label: 'Request ID',
      description: 'The ID of the checkout session.',
      type: 'ID',
      sobjectType: 'CartCheckoutSession',
    },
  ],
  errorCodes: ['BAD_REQUEST', 'UNKNOWN_EXCEPTION', 'INVALID_OPERATION'],
  async run(context, input) {
    const cart = await checkCart(context, input.cartId, sessionCreateChecks);
    if (cart.status === 'Closed') {
      const completed = await findCompletedSession(context, cart.id);
      if (completed !== undefined) return { requestId: completed };
    }
    assertCartOpen(cart.status);
    try {
      return { requestId: await getOrCreateSession(context, cart, input.initialState ?? defaultInitialState) };
    } catch (error) {
      if (isCheckoutError(error)) throw error;
      if (isUniqueViolation(error)) {
        // Another process created the session between our read and our insert: return theirs.
        const winner = await findOpenSession(context, cart.id);
        if (winner !== undefined) return { requestId: winner };
      }
      throw new CheckoutError('UNKNOWN_EXCEPTION', 500, "The session wasn't created", [], { cause: error });
    }
  },
});
