/** The interface each operation type implements; the worker calls it for claimed operations. */
import type { OperationType, ValidationType } from '../domain/vocabulary.js';
import type { Providers } from '../providers/providers.js';
import type { Store } from '../store/database.js';
import type { OperationRow } from './operation-row.js';
import type { StepOutcome } from './step-outcome.js';

export interface HandlerContext {
  readonly store: Store;
  readonly providers: Providers;
  /** The user that background writes are attributed to. */
  readonly actorId: string;
  /** Aborted when the operation's time limit passes; long work should stop early. */
  readonly signal: AbortSignal;
}

export interface OperationHandler {
  readonly type: OperationType;
  /** The validation outputs this step owns and replaces on every run; null when it writes none. */
  readonly validationType: ValidationType | null;
  /**
   * Does the step's work outside any transaction: reads, provider calls. Must not write; the
   * writes go in `StepOutcome.apply`, which runs only if the operation is still live.
   * Throw `StepFailure` for a business failure (not retried); any other throw is a system
   * failure, retried with backoff up to the operation's RetryLimit.
   */
  run(context: HandlerContext, operation: OperationRow): Promise<StepOutcome>;
}
