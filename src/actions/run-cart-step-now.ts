/**
 * A provider step (inventory, price, shipment, taxes) run inside the call for the cart alone:
 * what the synchronous Apex steps of checkout flows (B2BSyncPricing, …) do. Unlike the
 * asynchronous step actions it needs no next state and never moves the session — the flows
 * that call these steps keep their own state (a sync flow calls them right after creating
 * its session, in `Start`) — but it writes the same results through the same operation
 * handler, so a cart priced here is priced exactly as by `priceCart`.
 *
 * Checks (in order):
 * 1. caller may invoke actions → BAD_REQUEST 400
 * 2–5. the common cart checks of the asynchronous steps (cartStepChecks)
 * 6. cart in Checkout → INVALID_OPERATION 403
 * 7. session processing or a live operation on the cart → ALREADY_IN_PROCESS 400
 *
 * Effects: an operation of the step's type, linked to the cart and to no session, inserted and
 * run here and now with no retry (the caller waits for it; a system failure ends it at once
 * with a SystemError output). Its writes and validation outputs are the handler's, applied
 * only while it is the cart's live operation (a cancel meanwhile makes it write nothing).
 * Should this process die, a worker finishes it after the synchronous hold.
 */
import { canInvokeActions } from '../access/checks.js';
import { CheckoutError } from '../domain/errors.js';
import type { OperationType, ServiceProviderType } from '../domain/vocabulary.js';
import { liveOperationStatuses } from '../domain/vocabulary.js';
import { enqueueOperation, synchronousHoldMs } from '../operations/enqueue-operation.js';
import { operationLimitsFor } from '../providers/find-store-service.js';
import { isUniqueViolation } from '../store/is-unique-violation.js';
import type { ActionContext } from './action.js';
import { cartStepChecks, checkCart } from './cart-checks.js';
import { notArchived } from '../store/partial-index-terms.js';

export interface CartStep {
  readonly type: OperationType;
  readonly serviceType: ServiceProviderType;
}

export interface CartStepResult {
  readonly operationId: string;
  /** `Complete`, `Error`, or `Canceled` when a cancel overtook the run. */
  readonly status: string;
  /** What a buyer may read about a failure (the operation's `Error`); null on success. */
  readonly error: string | null;
}

const alreadyInProcess = () =>
  new CheckoutError('ALREADY_IN_PROCESS', 400, 'An integration is already in progress for this cart');

export async function runCartStepNow(
  context: ActionContext,
  cartIdInput: string,
  step: CartStep,
): Promise<CartStepResult> {
  const { db } = context.store;
  if (!canInvokeActions(context.caller)) {
    throw new CheckoutError('BAD_REQUEST', 400, "You don't have permission to invoke checkout actions");
  }
  const cart = await checkCart(context, cartIdInput, cartStepChecks);
  if (cart.status !== 'Checkout') {
    throw new CheckoutError('INVALID_OPERATION', 403, `The cart isn't in the Checkout state (it is ${cart.status})`);
  }
  const processing = await db
    .selectFrom('cart_checkout_session')
    .select('id')
    .where('web_cart_id', '=', cart.id)
    .where('is_archived', '=', notArchived)
    .where('is_processing', '=', 1)
    .executeTakeFirst();
  if (processing !== undefined) throw alreadyInProcess();
  const { timeoutMs } = await operationLimitsFor(db, cart.web_store_id, step.serviceType);
  // The unique index on live operations per cart decides a race with another step.
  const operationId = await context.store
    .transaction((trx) =>
      enqueueOperation(
        trx,
        {
          type: step.type,
          cartId: cart.id,
          sessionId: null,
          parameters: { isSynchronous: true },
          runAfterMs: Date.now() + synchronousHoldMs,
          retryLimit: 0,
          ...(timeoutMs === undefined ? {} : { timeoutMs }),
        },
        context.caller.userId,
      ),
    )
    .catch((error: unknown) => {
      throw isUniqueViolation(error) ? alreadyInProcess() : error;
    });
  await context.operations.runNow(operationId);
  const operation = await db
    .selectFrom('background_operation')
    .select(['status', 'error'])
    .where('id', '=', operationId)
    .where('status', 'not in', liveOperationStatuses)
    .executeTakeFirst();
  return {
    operationId,
    status: operation?.status ?? 'Running',
    error: operation?.status === 'Complete' ? null : (operation?.error ?? null),
  };
}
