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
import { CheckoutError } from '../domain/errors.js';
import type { OperationType, ServiceProviderType } from '../domain/vocabulary.js';
import {
  enqueueLeasedOperation,
  enqueueOperation,
  synchronousHoldMs,
  type NewOperation,
} from '../operations/enqueue-operation.js';
import type { OperationParameters } from '../operations/operation-row.js';
import { operationLimitsFor } from '../providers/find-store-service.js';
import { startSessionOperation } from '../store/checkout-transitions.js';
import { isUniqueViolation } from '../store/is-unique-violation.js';
import type { ActionContext } from './action.js';
import { cartStepChecks, checkCartForAction } from './cart-checks.js';
import type { CartForAction, CartRow, SessionRow } from './read-cart-for-action.js';

export type { SessionRow } from './read-cart-for-action.js';

export interface AsyncStep {
  readonly type: OperationType;
  readonly runAsync?: boolean;
  readonly parameters?: (session: SessionRow) => OperationParameters;
  readonly onSessionProcessing?: () => CheckoutError;
  /** The error for a session in Error (default: INVALID_OPERATION 403, no next state). */
  readonly onSessionError?: () => CheckoutError;
  readonly assertReady?: (session: SessionRow, cart: CartRow, found: CartForAction) => void | Promise<void>;
  /** Whether the joined read also reads activation's facts (`found.activation` in `assertReady`). */
  readonly withActivation?: boolean;
  /**
   * The provider step's service type: the operation's Timeout and RetryLimit come from the
   * store's custom service of that type when it sets them.
   */
  readonly serviceType?: ServiceProviderType;
}

const alreadyInProcess = () =>
  new CheckoutError('ALREADY_IN_PROCESS', 400, 'An integration is already in progress for this cart');

export async function startAsyncStep(
  context: ActionContext,
  cartIdInput: string,
  step: AsyncStep,
): Promise<{ operationId: string; session: SessionRow; status?: string }> {
  const found = await checkCartForAction(context, cartIdInput, cartStepChecks, {
    serviceType: step.serviceType ?? null,
    withActivation: step.withActivation === true,
  });
  const { cart, session } = found;
  if (cart.status !== 'Checkout') {
    throw new CheckoutError('INVALID_OPERATION', 403, `The cart isn't in the Checkout state (it is ${cart.status})`);
  }
  if (session?.is_processing === 1) throw step.onSessionProcessing?.() ?? alreadyInProcess();
  if (found.hasLiveOperation) throw alreadyInProcess();
  if (session?.is_error === 1 && step.onSessionError !== undefined) throw step.onSessionError();
  if (session === undefined || session.state === '' || session.next_state === null || session.is_error === 1) {
    throw new CheckoutError('INVALID_OPERATION', 403, 'The checkout session has no next state to move to', []);
  }
  await step.assertReady?.(session, cart, found);
  // The joined read saw the store's mapping: only a custom service is read further.
  const limits =
    step.serviceType === undefined || found.integration === null
      ? {}
      : await operationLimitsFor(context.store.db, cart.web_store_id, step.serviceType);

  const runAsync = step.runAsync ?? true;
  const operation: NewOperation = {
    type: step.type,
    cartId: cart.id,
    sessionId: session.id,
    parameters: { ...step.parameters?.(session), ...(runAsync ? {} : { isSynchronous: true }) },
    runAfterMs: runAsync ? 0 : Date.now() + synchronousHoldMs,
    ...limits,
  };
  // Embedded: a free worker slot of this process takes the operation as it is enqueued.
  const slot = runAsync ? (context.operations.reserveSlot?.() ?? null) : null;
  try {
    const enqueued = await context.store
      .transaction(async (trx) => {
        const row =
          slot === null
            ? { id: await enqueueOperation(trx, operation, context.caller.userId), leased: null }
            : { id: '', leased: await enqueueLeasedOperation(trx, operation, slot, context.caller.userId) };
        const id = row.leased?.id ?? row.id;
        if (!(await startSessionOperation(trx, session.id, id, context.caller.userId))) throw alreadyInProcess();
        return { id, leased: row.leased };
      })
      .catch((error: unknown) => {
        throw isUniqueViolation(error) ? alreadyInProcess() : error;
      });
    if (enqueued.leased !== null) {
      slot?.start(enqueued.leased);
      return { operationId: enqueued.id, session };
    }
    if (runAsync) {
      context.operations.wake();
      return { operationId: enqueued.id, session };
    }
    return { operationId: enqueued.id, session, status: await context.operations.runNow(enqueued.id) };
  } finally {
    slot?.release();
  }
}
