/**
 * Enqueueing: the operation row is inserted inside the caller's transaction, the same one that
 * changes the session (DESIGN.md concurrency rule 3). The unique index on live operations per
 * cart makes a second concurrent enqueue for the same cart fail.
 */
import type { Kysely } from 'kysely';
import type { OperationType } from '../domain/vocabulary.js';
import type { Database } from '../records/registry.js';
import { nowIso } from '../store/clock.js';
import { recordCheckoutEvents } from '../store/checkout-event-log.js';
import { insertRecord } from '../store/insert-record.js';
import type { OperationParameters } from './operation-row.js';

/** Defaults per operation: how many retries after a system failure, and each attempt's time limit. */
export const operationDefaults = { retryLimit: 3, timeoutMs: 30_000 } as const;

/**
 * How long an operation run inside an action call is kept from background workers (ms). Should
 * the calling process die, a worker takes it after this delay.
 */
export const synchronousHoldMs = 60_000;

export interface NewOperation {
  readonly type: OperationType;
  readonly cartId: string | null;
  readonly sessionId: string | null;
  readonly parameters?: OperationParameters;
  /** Not claimable by the background loop before this time (ms since epoch). */
  readonly runAfterMs?: number;
  readonly retryLimit?: number;
  readonly timeoutMs?: number;
}

export async function enqueueOperation(
  trx: Kysely<Database>,
  operation: NewOperation,
  actorId: string,
): Promise<string> {
  const operationId = await insertRecord(
    trx,
    'backgroundOperation',
    {
      name: `${operation.type} ${nowIso()}`,
      type: operation.type,
      status: 'New',
      web_cart_id: operation.cartId,
      checkout_session_id: operation.sessionId,
      submitted_at: nowIso(),
      retry_limit: operation.retryLimit ?? operationDefaults.retryLimit,
      timeout: operation.timeoutMs ?? operationDefaults.timeoutMs,
      run_after_ms: operation.runAfterMs ?? 0,
      parameters: operation.parameters === undefined ? null : JSON.stringify(operation.parameters),
    },
    actorId,
  );
  await recordCheckoutEvents(trx, {
    type: 'OperationEnqueued',
    cartId: operation.cartId,
    sessionId: operation.sessionId,
    operationId,
    operationType: operation.type,
    actorId,
  });
  return operationId;
}
