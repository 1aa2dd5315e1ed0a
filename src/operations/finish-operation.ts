/**
 * The three ways a running operation ends, each one short transaction fenced by the lease:
 * `... WHERE id = ? AND lease_owner = ? AND status = 'Running'`. A worker that lost its lease
 * or whose operation was canceled changes nothing (DESIGN.md concurrency rule 4). The session
 * moves in the same transaction (SPEC.md section 3 rule 4).
 */
import type { Kysely } from 'kysely';
import type { ValidationType } from '../domain/vocabulary.js';
import type { Database } from '../records/registry.js';
import type { Store } from '../store/database.js';
import { completeSessionOperation, failSessionOperation } from '../store/checkout-transitions.js';
import { nowIso } from '../store/clock.js';
import { databaseNowMs } from '../store/database-now.js';
import { touched } from '../store/insert-record.js';
import { prepareQuery, touchedBy } from '../store/prepared-query.js';
import type { CheckoutEventType } from '../records/objects/checkout-event.js';
import { recordCheckoutEvents, type CheckoutEvent } from '../store/checkout-event-log.js';
import { replaceValidationOutputs } from './replace-validation-outputs.js';
import type { ProviderCall } from './record-provider-calls.js';
import { parametersOf } from './operation-row.js';
import type { OperationRow } from './operation-row.js';
import type { StepOutcome, ValidationMessage } from './step-outcome.js';

export type FinishResult = 'finished' | 'lost';

interface Fence {
  readonly operation: OperationRow;
  readonly workerId: string;
  readonly actorId: string;
  /** What the run did, for the checkout event log: when it started and its provider calls. */
  readonly trace?: { readonly startedMs: number; readonly providerCalls: readonly ProviderCall[] };
}

const orderEvents: Partial<Record<string, readonly CheckoutEventType[]>> = {
  CartToOrder: ['OrderCreated'],
  ActivateOrder: ['OrderActivated', 'OrderSummaryCreated'],
  CreateOrderSummary: ['OrderSummaryCreated'],
};

/**
 * The events of a run that ended: claimed (by which worker, when), each provider call, each
 * validation output, then the end with its duration — written in the ending's transaction.
 */
function runEvents(
  fence: Fence,
  end: { readonly type: 'OperationFinished' | 'OperationRetried'; readonly outcome: string },
  outputs: readonly ValidationMessage[],
): CheckoutEvent[] {
  const { operation, workerId, actorId } = fence;
  const about = {
    cartId: operation.web_cart_id,
    sessionId: operation.checkout_session_id,
    operationId: operation.id,
    operationType: operation.type,
    actorId,
  };
  const durationMs = fence.trace === undefined ? null : performance.now() - fence.trace.startedMs;
  const ordered = end.outcome === 'Complete' ? (orderEvents[operation.type] ?? []) : [];
  return [
    {
      type: 'OperationClaimed',
      ...about,
      worker: workerId,
      detail: { startedAt: operation.started_at, attempt: operation.retry_count + 1 },
    },
    ...(fence.trace?.providerCalls ?? []).map((call): CheckoutEvent => ({
      type: 'ProviderCall',
      ...about,
      worker: workerId,
      durationMs: call.durationMs,
      outcome: call.isSuccess ? 'Success' : 'Failure',
      detail: {
        serviceType: call.serviceType,
        method: call.method,
        ...(call.isSuccess ? {} : { error: call.outcome }),
      },
    })),
    ...outputs.map((output): CheckoutEvent => ({
      type: 'ValidationOutput',
      ...about,
      outcome: output.level,
      detail: { type: output.type, message: output.message },
    })),
    { type: end.type, ...about, worker: workerId, durationMs, outcome: end.outcome },
    ...ordered.map((type): CheckoutEvent => ({
      type,
      ...about,
      detail: { orderId: parametersOf(operation).orderId ?? null },
    })),
  ];
}

async function endFenced(
  trx: Kysely<Database>,
  fence: Fence,
  status: 'Complete' | 'Error',
  error: string | null,
  errorDetail: string | null,
): Promise<boolean> {
  const result = await endQuery.execute(trx, {
    status,
    error,
    errorDetail,
    now: nowIso(),
    actorId: fence.actorId,
    operationId: fence.operation.id,
    workerId: fence.workerId,
  });
  return result.numAffectedRows === 1n;
}

type EndValues = {
  status: 'Complete' | 'Error';
  error: string | null;
  errorDetail: string | null;
  now: string;
  actorId: string;
  operationId: string;
  workerId: string;
};

const endQuery = prepareQuery<EndValues, never>((db, value) =>
  db
    .updateTable('background_operation')
    .set({
      status: value('status'),
      error: value('error'),
      error_detail: value('errorDetail'),
      finished_at: value('now'),
      lease_owner: null,
      lease_expires_at_ms: null,
      ...touchedBy(value),
    })
    .where('id', '=', value('operationId'))
    .where('lease_owner', '=', value('workerId'))
    .where('status', '=', 'Running'),
);

/** Success: apply the step's writes, replace its outputs, advance (or archive) the session. */
export async function completeOperation(
  store: Store,
  fence: Fence,
  outcome: StepOutcome,
  validationType: ValidationType | null,
  /** Last in the transaction: the worker claims its next operation in this same commit. */
  claimNext?: (trx: Kysely<Database>) => Promise<void>,
): Promise<FinishResult> {
  return store.transaction(async (trx) => {
    if (!(await endFenced(trx, fence, 'Complete', null, null))) return 'lost';
    const { operation, actorId } = fence;
    if (validationType !== null && operation.web_cart_id !== null) {
      await replaceValidationOutputs(trx, operation, validationType, outcome.outputs, actorId);
    }
    if (outcome.apply !== undefined) await outcome.apply(trx);
    await recordCheckoutEvents(
      trx,
      ...runEvents(fence, { type: 'OperationFinished', outcome: 'Complete' }, outcome.outputs),
    );
    if (operation.checkout_session_id !== null) {
      await completeSessionOperation(
        trx,
        {
          sessionId: operation.checkout_session_id,
          operationId: operation.id,
          archive: outcome.sessionOnSuccess === 'archive',
        },
        actorId,
      );
    }
    await claimNext?.(trx);
    return 'finished';
  });
}

/**
 * Failure: record the error and outputs; the session goes to `Error`. `error` is read by
 * buyers; `errorDetail` (a system failure's internals) only by integrators and administrators.
 */
export async function failOperation(
  store: Store,
  fence: Fence,
  error: string,
  outputs: readonly ValidationMessage[],
  validationType: ValidationType | null,
  errorDetail: string | null = null,
): Promise<FinishResult> {
  return store.transaction(async (trx) => {
    if (!(await endFenced(trx, fence, 'Error', error, errorDetail))) return 'lost';
    const { operation, actorId } = fence;
    // Each output type present replaces the cart's earlier outputs of that type; the step's
    // own type is cleared even when it failed without a message of its type.
    const types = new Set(outputs.map((output) => output.type));
    if (validationType !== null) types.add(validationType);
    for (const type of types) {
      const ofType = outputs.filter((output) => output.type === type);
      await replaceValidationOutputs(trx, operation, type, ofType, actorId);
    }
    await recordCheckoutEvents(trx, ...runEvents(fence, { type: 'OperationFinished', outcome: 'Error' }, outputs));
    await markSessionFailed(trx, operation, actorId);
    return 'finished';
  });
}

/** The session of a failed operation: `State := 'Error'`, `IsError`, no longer processing. */
export async function markSessionFailed(
  trx: Kysely<Database>,
  operation: OperationRow,
  actorId: string,
): Promise<void> {
  if (operation.checkout_session_id === null) return;
  await failSessionOperation(trx, { sessionId: operation.checkout_session_id, operationId: operation.id }, actorId);
}

/** A system failure with retries left: back to `New`, due after `delayMs`. */
export async function retryOperation(
  store: Store,
  fence: Fence,
  error: string,
  delayMs: number,
  errorDetail: string | null = null,
): Promise<FinishResult> {
  const now = nowIso();
  // A transaction of its own, for the retry's events (retries are rare: a system failure).
  return store.transaction(async (trx) => {
    const result = await trx
      .updateTable('background_operation')
      .set((eb) => ({
        status: 'New',
        error,
        error_detail: errorDetail,
        retry_count: eb('retry_count', '+', 1),
        run_after_ms: eb(databaseNowMs(store.dialect), '+', delayMs),
        lease_owner: null,
        lease_expires_at_ms: null,
        ...touched(fence.actorId, now),
      }))
      .where('id', '=', fence.operation.id)
      .where('lease_owner', '=', fence.workerId)
      .where('status', '=', 'Running')
      .executeTakeFirst();
    if (result.numUpdatedRows !== 1n) return 'lost';
    await recordCheckoutEvents(trx, ...runEvents(fence, { type: 'OperationRetried', outcome: error }, []));
    return 'finished';
  });
}
