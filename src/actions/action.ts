/** What an action is: a definition record in the catalog, run with a context. */
import type { z } from 'zod';
import type { Caller } from '../access/caller.js';
import type { ErrorCode } from '../domain/errors.js';
import type { LocalSlot } from '../operations/worker.js';
import type { Store } from '../store/database.js';

/** How actions reach the background operations of this process. */
export interface OperationRunner {
  /** New work was committed: start looking for it. */
  wake(): void;
  /** Run this operation here and now (`runAsync: false`); resolves with its final status. */
  runNow(operationId: string): Promise<string>;
  /**
   * A free slot of a worker of this process: the operation is then enqueued leased to it and
   * starts as soon as its transaction commits, with no look and no claim. Null when this
   * process runs no worker or every slot is busy (then: enqueue, `wake`).
   */
  reserveSlot?(): LocalSlot | null;
}

export interface ActionContext {
  readonly store: Store;
  readonly caller: Caller;
  readonly operations: OperationRunner;
}

export interface ParameterDoc {
  readonly name: string;
  readonly label: string;
  readonly description: string;
  readonly type: 'STRING' | 'BOOLEAN' | 'ID';
  readonly sobjectType?: string;
}

export interface ActionDefinition<S extends z.ZodType = z.ZodType> {
  readonly name: string;
  readonly aliases: readonly string[];
  readonly label: string;
  readonly description: string;
  /** Validates the shape of one input; a failure is answered before any check runs. */
  readonly input: S;
  readonly inputs: readonly ParameterDoc[];
  readonly outputs: readonly ParameterDoc[];
  /** Every errorCode the action can answer with, for describe and the tests. */
  readonly errorCodes: readonly ErrorCode[];
  run(context: ActionContext, input: z.infer<S>): Promise<Record<string, unknown>>;
}

/** Declares an action with its input type inferred from its schema. */
export function defineAction<S extends z.ZodType>(definition: ActionDefinition<S>): ActionDefinition<S> {
  return definition;
}
