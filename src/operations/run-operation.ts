/**
 * Runs one claimed operation: the handler under the operation's time limit, then one of
 * complete / fail / retry. Business failures (StepFailure, Error-level outputs) fail at once;
 * system failures (throws, timeouts) are retried with backoff until RetryLimit, then fail with
 * a SystemError output. An amount or quantity outside its documented range is a business
 * failure too (retrying can't change it): the step fails with an Error output of its type.
 * Whatever happens, the session never stays processing. What a buyer can read about a system
 * failure is generic, with a ref; its details go to `onError` and to ErrorDetail
 * (system-failure-notice.ts).
 */
import type { Kysely } from 'kysely';
import { isCheckoutError } from '../domain/errors.js';
import type { Providers } from '../providers/providers.js';
import type { Database } from '../records/registry.js';
import type { Store } from '../store/database.js';
import { backoffMs } from './backoff.js';
import { completeOperation, failOperation, retryOperation, type FinishResult } from './finish-operation.js';
import type { OperationHandler } from './operation-handler.js';
import type { OperationRow } from './operation-row.js';
import { StepFailure, type StepOutcome } from './step-outcome.js';
import { systemFailureNotice } from './system-failure-notice.js';

export interface RunDependencies {
  readonly store: Store;
  readonly providers: Providers;
  readonly handlers: ReadonlyMap<string, OperationHandler>;
  readonly workerId: string;
  readonly actorId: string;
  /** System failures of steps, with the operation and the ref the buyer was shown. */
  readonly onError?: (error: unknown, context: string) => void;
  /** Runs last in a success's completing transaction: the worker claims its next operation there. */
  readonly claimNext?: (trx: Kysely<Database>) => Promise<void>;
}

export type RunResult = 'Complete' | 'Error' | 'Retry' | 'Lost';

class TimeoutError extends Error {}

async function withTimeout<T>(work: (signal: AbortSignal) => Promise<T>, timeoutMs: number): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new TimeoutError(`Timed out after ${timeoutMs} ms`));
    }, timeoutMs);
  });
  try {
    return await Promise.race([work(controller.signal), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** A StepFailure for the errors that fail a step without a retry, else null. */
function stepFailureOf(error: unknown, validationType: OperationHandler['validationType']): StepFailure | null {
  if (error instanceof StepFailure) return error;
  if (isCheckoutError(error) && error.errorCode === 'NUMBER_OUTSIDE_VALID_RANGE') {
    return new StepFailure(error.message, [
      { level: 'Error', type: validationType ?? 'SystemError', message: error.message },
    ]);
  }
  return null;
}

export async function runOperation(deps: RunDependencies, operation: OperationRow): Promise<RunResult> {
  const handler = deps.handlers.get(operation.type);
  const fence = { operation, workerId: deps.workerId, actorId: deps.actorId };
  const validationType = handler?.validationType ?? null;
  const settle = (result: FinishResult, status: RunResult): RunResult => (result === 'lost' ? 'Lost' : status);

  const systemFailure = async (error: unknown): Promise<RunResult> => {
    const notice = systemFailureNotice(operation.type, error);
    deps.onError?.(error, `${operation.type} ${operation.id} failed (ref ${notice.ref})`);
    if (operation.retry_count < operation.retry_limit) {
      const delayMs = backoffMs(operation.retry_count + 1);
      return settle(await retryOperation(deps.store, fence, notice.message, delayMs, notice.detail), 'Retry');
    }
    const output = { level: 'Error', type: 'SystemError', message: notice.message } as const;
    return settle(
      await failOperation(deps.store, fence, notice.message, [output], validationType, notice.detail),
      'Error',
    );
  };
  const stepFailure = async (failure: StepFailure): Promise<RunResult> =>
    settle(await failOperation(deps.store, fence, failure.message, failure.outputs, validationType), 'Error');

  if (handler === undefined) {
    return systemFailure(new Error(`No handler for operation type ${operation.type}`));
  }
  let outcome: StepOutcome;
  try {
    outcome = await withTimeout(
      (signal) =>
        handler.run({ store: deps.store, providers: deps.providers, actorId: deps.actorId, signal }, operation),
      operation.timeout,
    );
  } catch (error) {
    const failure = stepFailureOf(error, validationType);
    return failure !== null ? stepFailure(failure) : systemFailure(error);
  }
  const errors = outcome.outputs.filter((output) => output.level === 'Error');
  if (errors.length > 0) {
    return stepFailure(new StepFailure(errors.map((output) => output.message).join('; '), outcome.outputs));
  }
  try {
    return settle(await completeOperation(deps.store, fence, outcome, validationType, deps.claimNext), 'Complete');
  } catch (error) {
    const failure = stepFailureOf(error, validationType);
    return failure !== null ? stepFailure(failure) : systemFailure(error);
  }
}
