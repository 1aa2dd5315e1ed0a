/**
 * cartToOrderAction: creates the Draft order of the checkout from the cart.
 *
 * Checks: as checkCartInventoryAction (common checks, cart in Checkout, nothing in process,
 * session with a next state).
 *
 * Effects: a CartToOrder operation. It creates one Order (Draft) with one OrderDeliveryGroup
 * per cart delivery group and one OrderItem per cart item, reserves the stock, and sets the
 * session's OrderId — never a second order for the same session. With runAsync false the
 * operation runs inside the call and its id is returned once it is Complete or Error.
 */
import { z } from 'zod';
import { defineAction } from './action.js';
import { asyncStepErrorCodes } from './define-provider-step-action.js';
import { backgroundOperationIdDoc, cartIdDoc, cartIdInput, runAsyncDoc } from './inputs.js';
import { startAsyncStep } from './start-async-step.js';

export const cartToOrderAction = defineAction({
  name: 'cartToOrderAction',
  aliases: [],
  label: 'Cart to Order',
  description: 'Creates a Draft order from the cart of the checkout.',
  input: z.strictObject({ cartId: cartIdInput, runAsync: z.boolean().optional() }),
  inputs: [cartIdDoc, runAsyncDoc],
  outputs: [backgroundOperationIdDoc],
  errorCodes: asyncStepErrorCodes,
  async run(context, input) {
    const { operationId } = await startAsyncStep(context, input.cartId, {
      type: 'CartToOrder',
      runAsync: input.runAsync ?? true,
    });
    return { backgroundOperationId: operationId };
  },
});
