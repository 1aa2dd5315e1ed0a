/**
 * What an operation handler hands back to the worker, and the error it throws to fail a step
 * on purpose (as opposed to a system failure, which is retried).
 */
import type { Kysely } from 'kysely';
import type { ValidationLevel, ValidationType } from '../domain/vocabulary.js';
import type { Database } from '../records/registry.js';

export interface ValidationMessage {
  readonly level: ValidationLevel;
  readonly type: ValidationType;
  readonly message: string;
  readonly relatedEntityId?: string | null;
}

export interface StepOutcome {
  /** Messages about the cart. Any `Error`-level message fails the step. */
  readonly outputs: readonly ValidationMessage[];
  /**
   * Writes the step's results. Runs inside the transaction that completes the operation, and
   * only while the operation is still live (not canceled, lease still held). Throw
   * `StepFailure` to fail the step; everything it wrote is rolled back.
   */
  readonly apply?: (trx: Kysely<Database>) => Promise<void>;
  /** On success the session advances (`State := NextState`); `archive` also archives it. */
  readonly sessionOnSuccess?: 'advance' | 'archive';
}

/** A business failure of a step (insufficient stock, no price): not retried. */
export class StepFailure extends Error {
  readonly outputs: readonly ValidationMessage[];

  constructor(message: string, outputs: readonly ValidationMessage[]) {
    super(message);
    this.name = 'StepFailure';
    this.outputs = outputs;
  }
}
