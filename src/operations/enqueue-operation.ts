/**
 * Enqueueing: the operation row is inserted inside the caller's transaction, the same one that
 * changes the session (DESIGN.md concurrency rule 3). The unique index on live operations per
 * cart makes a second concurrent enqueue for the same cart fail.
 */
import { sql, type Kysely } from 'kysely';
import type { OperationType } from '../domain/vocabulary.js';
import type { Database } from '../records/registry.js';
import { nowIso } from '../store/clock.js';
import { databaseNowMs, dialectOf } from '../store/database-now.js';
import { generateId } from '../records/ids.js';
import { objects } from '../records/registry.js';
import { insertRecord } from '../store/insert-record.js';
import { prepareQuery, touchedBy } from '../store/prepared-query.js';
import type { OperationParameters, OperationRow } from './operation-row.js';
import { recordCheckoutEvents } from '../store/checkout-event-log.js';

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

/** Transactions that enqueued work: a worker completing in one of them claims next in it. */
const transactionsWithWork = new WeakSet<object>();

/** True when `trx` enqueued an operation that a worker may claim. */
export function hasEnqueuedWork(trx: Kysely<Database>): boolean {
  return transactionsWithWork.has(trx);
}

export async function enqueueOperation(
  trx: Kysely<Database>,
  operation: NewOperation,
  actorId: string,
): Promise<string> {
  transactionsWithWork.add(trx);
  const operationId = await insertRecord(trx, 'backgroundOperation', newOperationValues(operation), actorId);
  await recordEnqueued(trx, operation, operationId, actorId);
  return operationId;
}

function recordEnqueued(trx: Kysely<Database>, operation: NewOperation, operationId: string, actorId: string) {
  return recordCheckoutEvents(trx, {
    type: 'OperationEnqueued',
    cartId: operation.cartId,
    sessionId: operation.sessionId,
    operationId,
    operationType: operation.type,
    actorId,
  });
}

/** A worker of this process holds a free slot: the operation is enqueued already leased to it. */
export interface LocalLease {
  readonly workerId: string;
  /** Lease length beyond the operation's own timeout (ms). */
  readonly leaseMarginMs: number;
}

/**
 * Enqueues an operation that starts at once in this process: inserted Running, leased to the
 * worker that reserved a slot for it, as a claim would have left it (so the reaper and the
 * fences treat it like any claimed operation should this process die). Returns the row to run.
 */
export async function enqueueLeasedOperation(
  trx: Kysely<Database>,
  operation: NewOperation,
  lease: LocalLease,
  actorId: string,
): Promise<OperationRow> {
  const timeout = operation.timeoutMs ?? operationDefaults.timeoutMs;
  const now = nowIso();
  const { rows } = await leasedInsert.execute(trx, {
    ...newOperationValues(operation),
    id: generateId(objects.backgroundOperation.keyPrefix),
    startedAt: now,
    workerId: lease.workerId,
    leaseMs: timeout + lease.leaseMarginMs,
    now,
    actorId,
  });
  const row = rows[0]!;
  await recordEnqueued(trx, operation, row.id, actorId);
  return row;
}

type LeasedValues = ReturnType<typeof newOperationValues> & {
  id: string;
  startedAt: string;
  workerId: string;
  leaseMs: number;
  now: string;
  actorId: string;
};

const leasedInsert = prepareQuery<LeasedValues, OperationRow>((db, value) =>
  db
    .insertInto('background_operation')
    .values({
      name: value('name'),
      type: value('type'),
      status: 'Running',
      web_cart_id: value('web_cart_id'),
      checkout_session_id: value('checkout_session_id'),
      submitted_at: value('submitted_at'),
      retry_limit: value('retry_limit'),
      timeout: value('timeout'),
      run_after_ms: value('run_after_ms'),
      parameters: value('parameters'),
      id: value('id'),
      started_at: value('startedAt'),
      worker_uri: value('workerId'),
      lease_owner: value('workerId'),
      lease_expires_at_ms: sql<number>`${databaseNowMs(dialectOf(db))} + ${value('leaseMs')}`,
      created_date: value('now'),
      created_by_id: value('actorId'),
      ...touchedBy(value),
    })
    .returningAll(),
);

function newOperationValues(operation: NewOperation) {
  return {
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
  } as const;
}
