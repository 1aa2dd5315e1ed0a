/**
 * cancelCartAsyncOperation: stops the cart's checkout.
 *
 * Checks (in order):
 * 1. caller may invoke actions → BAD_REQUEST 400
 * 2. cartId names a cart → UNKNOWN_EXCEPTION 500
 * 3. effective account valid for the caller → INSUFFICIENT_ACCESS_OR_READONLY 500
 * 4. account is a member of the store → INSUFFICIENT_ACCESS_OR_READONLY 500
 * 5. caller can edit the cart → BAD_REQUEST 400
 * 6. cart Closed → INVALID_OPERATION 403 (checked again inside the transaction, so an
 *    activation that closes the cart meanwhile wins)
 *
 * Effects (one transaction, src/operations/cancel-checkout.ts): the live background operation,
 * if any, becomes Canceled — a worker that finishes it later writes nothing; a cart in Checkout
 * goes back to Active; the non-archived session, if any, is archived; stock reserved for the
 * cart is released. A cart with nothing to cancel succeeds unchanged (decision: cancel is
 * idempotent, docs/decisions/0007-cancel-and-delivery-method-errors.md). Output: none.
 */
import { z } from 'zod';
import { CheckoutError } from '../domain/errors.js';
import { cancelCheckout } from '../operations/cancel-checkout.js';
import { defineAction } from './action.js';
import { cartStepChecks, checkCart } from './cart-checks.js';
import { cartIdDoc, cartIdInput } from './inputs.js';

const cartClosed = () => new CheckoutError('INVALID_OPERATION', 403, 'The cart is closed: its checkout is over');

export const cancelCartAsyncOperationAction = defineAction({
  name: 'cancelCartAsyncOperation',
  aliases: ['cancelCartAsyncOperationAction'],
  label: 'Cancel Cart Async Operation',
  description: "Cancels the cart's running checkout step and checkout, and unlocks the cart.",
  input: z.strictObject({ cartId: cartIdInput }),
  inputs: [cartIdDoc],
  outputs: [],
  errorCodes: ['BAD_REQUEST', 'UNKNOWN_EXCEPTION', 'INSUFFICIENT_ACCESS_OR_READONLY', 'INVALID_OPERATION'],
  async run(context, input) {
    const cart = await checkCart(context, input.cartId, cartStepChecks);
    if (cart.status === 'Closed') throw cartClosed();
    await context.store.transaction(async (trx) => {
      const current = await trx.selectFrom('web_cart').select('status').where('id', '=', cart.id).executeTakeFirst();
      if (current?.status === 'Closed') throw cartClosed();
      await cancelCheckout(trx, cart.id, context.caller.userId);
    });
    return {};
  },
});
