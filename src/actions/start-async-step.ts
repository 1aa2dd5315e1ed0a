/**
 * The shared body of every asynchronous cart step: the common checks, the step preconditions
 * of SPEC.md section 4, then one transaction that enqueues the operation and marks the session
 * processing (SPEC.md section 3 rule 3).
 *
 * Preconditions after the common checks, in order:
 * - cart not in Checkout → INVALID_OPERATION 403
 * - session processing or a live operation on the cart → ALREADY_IN_PROCESS 400
 *   (activation answers INVALID_INPUT 403 for a processing session: `onSessionProcessing`)
 * - no non-archived session with State and NextState set → INVALID_OPERATION 403
 * - the action's own preconditions (`assertReady`)
 */
import type { Selectable } from 'kysely';
import { CheckoutError } from '../domain/errors.js';
import type { OperationType } from '../domain/vocabulary.js';
import { liveOperationStatuses } from '../domain/vocabulary.js';
import { enqueueOperation, synchronousHoldMs } from '../operations/enqueue-operation.js';
import type { OperationParameters } from '../operations/operation-row.js';
import type { Database } from '../records/registry.js';
import { startSessionOperation } from '../store/checkout-transitions.js';
import { isUniqueViolation } from '../store/is-unique-violation.js';
import type { ActionContext } from './action.js';
import { cartStepChecks, checkCart, type CartRow } from './cart-checks.js';

export type SessionRow = Selectable<Database['cart_checkout_session']>;

export interface AsyncStep {
  readonly type: OperationType;
  readonly runAsync?: boolean;
  readonly parameters?: (session: SessionRow) => OperationParameters;
  readonly onSessionProcessing?: () => CheckoutError;
  /** The error for a session in Error (default: INVALID_OPERATION 403, no next state). */
  readonly onSessionError?: () => CheckoutError;
  readonly assertReady?: (session: SessionRow, cart: CartRow) => Promise<void>;
  /** The operation's Timeout and RetryLimit when the store's provider for the step sets them. */
  readonly limits?: (cart: CartRow) => Promise<{ timeoutMs?: number; retryLimit?: number }>;
}

const alreadyInProcess = () =>
  new CheckoutError('ALREADY_IN_PROCESS', 400, 'An integration is already in progress for this cart');

export async function startAsyncStep(
  context: ActionContext,
  cartIdInput: string,
  step: AsyncStep,
): Promise<{ operationId: string; session: SessionRow; status?: string }> {
  const { db } = context.store;
  const cart = await checkCart(context, cartIdInput, cartStepChecks);
  if (cart.status !== 'Checkout') {
    throw new CheckoutError('INVALID_OPERATION', 403, `The cart isn't in the Checkout state (it is ${cart.status})`);
  }
  const session = await db
    .selectFrom('cart_checkout_session')
    .selectAll()
    .where('web_cart_id', '=', cart.id)
    .where('is_archived', '=', 0)
    .executeTakeFirst();
  if (session?.is_processing === 1) throw step.onSessionProcessing?.() ?? alreadyInProcess();
  const live = await db
    .selectFrom('background_operation')
    .select('id')
    .where('web_cart_id', '=', cart.id)
    .where('status', 'in', liveOperationStatuses)
    .executeTakeFirst();
  if (live !== undefined) throw alreadyInProcess();
  if (session?.is_error === 1 && step.onSessionError !== undefined) throw step.onSessionError();
  if (session === undefined || session.state === '' || session.next_state === null || session.is_error === 1) {
    throw new CheckoutError('INVALID_OPERATION', 403, 'The checkout session has no next state to move to', []);
  }
  await step.assertReady?.(session, cart);
  const limits = (await step.limits?.(cart)) ?? {};

  const runAsync = step.runAsync ?? true;
  const operationId = await context.store
    .transaction(async (trx) => {
      const id = await enqueueOperation(
        trx,
        {
          type: step.type,
          cartId: cart.id,
          sessionId: session.id,
          parameters: { ...step.parameters?.(session), ...(runAsync ? {} : { isSynchronous: true }) },
          runAfterMs: runAsync ? 0 : Date.now() + synchronousHoldMs,
          ...limits,
        },
        context.caller.userId,
      );
      if (!(await startSessionOperation(trx, session.id, id, context.caller.userId))) throw alreadyInProcess();
      return id;
    })
    .catch((error: unknown) => {
      throw isUniqueViolation(error) ? alreadyInProcess() : error;
    });
  if (runAsync) {
    context.operations.wake();
    return { operationId, session };
  }
  return { operationId, session, status: await context.operations.runNow(operationId) };
}
