/**
 * activateOrderAction: activates the checkout's Draft order.
 *
 * Checks (in order):
 * 1–5. the common checks of the asynchronous steps
 * 6. cart in Checkout → INVALID_OPERATION 403
 * 7. session processing → INVALID_INPUT 403; another live operation → ALREADY_IN_PROCESS 400
 * 8. session in error (e.g. its reservation expired) → INVALID_INPUT 403; session with a next
 *    state → INVALID_OPERATION 403
 * 9. a Draft order on the session → INVALID_INPUT 403
 * 10. no Error-level validation output on the cart → INVALID_INPUT 403
 * 11. orderStatus is Activated (ACTIVATE, Activate accepted) → UNKNOWN_EXCEPTION 500
 * 12. (runAsync false) the order was activated with its summary → UNKNOWN_EXCEPTION 403
 *
 * Effects: an ActivateOrder operation. In one transaction it activates the order (read-only
 * from then on), sells the reserved stock, closes the cart, writes the order summary and
 * archives the session.
 */
import { z } from 'zod';
import { CheckoutError } from '../domain/errors.js';
import { orderLifeCycleTypes } from '../domain/vocabulary.js';
import { defineAction } from './action.js';
import { backgroundOperationIdDoc, cartIdDoc, cartIdInput, runAsyncDoc } from './inputs.js';
import { startAsyncStep } from './start-async-step.js';

const acceptedOrderStatuses = new Set(['Activated', 'ACTIVATE', 'Activate', 'ACTIVATED']);

export const activateOrderAction = defineAction({
  name: 'activateOrderAction',
  aliases: [],
  label: 'Activate Order',
  description: "Activates the checkout's Draft order and creates its order summary.",
  input: z.strictObject({
    cartId: cartIdInput,
    orderStatus: z.string(),
    runAsync: z.boolean().optional(),
    orderLifeCycleType: z.enum(orderLifeCycleTypes).optional(),
  }),
  inputs: [
    cartIdDoc,
    { name: 'orderStatus', label: 'Order Status', description: 'Must be Activated.', type: 'STRING' },
    runAsyncDoc,
    {
      name: 'orderLifeCycleType',
      label: 'Order Life Cycle Type',
      description: 'UNMANAGED (default) or MANAGED: how the order summary is managed.',
      type: 'STRING',
    },
  ],
  outputs: [backgroundOperationIdDoc],
  errorCodes: [
    'BAD_REQUEST',
    'UNKNOWN_EXCEPTION',
    'INSUFFICIENT_ACCESS_OR_READONLY',
    'INVALID_OPERATION',
    'ALREADY_IN_PROCESS',
    'INVALID_INPUT',
  ],
  async run(context, input) {
    const runAsync = input.runAsync ?? true;
    const { operationId, status } = await startAsyncStep(context, input.cartId, {
      type: 'ActivateOrder',
      runAsync,
      parameters: (current) => ({
        orderId: current.order_id ?? undefined,
        orderLifeCycleType: input.orderLifeCycleType ?? 'UNMANAGED',
      }),
      onSessionProcessing: () => new CheckoutError('INVALID_INPUT', 403, 'CheckoutSession Is in the Processing State'),
      onSessionError: () =>
        new CheckoutError('INVALID_INPUT', 403, "CheckoutSession Isn't in the Activate State: the session is in error"),
      // The order's status and the blocking outputs come in the checks' one joined read.
      withActivation: true,
      assertReady(_current, _cart, { activation }) {
        if (activation?.orderStatus !== 'Draft') {
          throw new CheckoutError(
            'INVALID_INPUT',
            403,
            "CheckoutSession Isn't in the Activate State: it has no Draft order",
          );
        }
        if (activation.blockingMessage !== null) {
          throw new CheckoutError(
            'INVALID_INPUT',
            403,
            `The cart has validation errors: ${activation.blockingMessage}`,
          );
        }
        if (!acceptedOrderStatuses.has(input.orderStatus)) {
          throw new CheckoutError('UNKNOWN_EXCEPTION', 500, `Invalid order status: ${input.orderStatus}`, [
            'orderStatus',
          ]);
        }
      },
    });
    // The summary is written in the activation's own transaction (ADR 0027).
    if (!runAsync && status !== 'Complete') {
      throw new CheckoutError('UNKNOWN_EXCEPTION', 403, "The order wasn't activated: its summary wasn't created");
    }
    return { backgroundOperationId: operationId };
  },
});
