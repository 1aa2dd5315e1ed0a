/**
 * What the interpreter needs from the engine: the store, the flows (by name and version), the
 * extension registry, the action invocation of the REST API, the provider settings the record
 * writes check against. One value, built by the engine and passed down.
 */
import type { Caller } from '../access/caller.js';
import type { OperationRunner } from '../actions/action.js';
import type { ActionResult } from '../actions/invoke-action.js';
import type { ProviderSettings } from '../providers/provider-settings.js';
import type { Store } from '../store/database.js';
import type { RecordChanges } from '../store/record-changes.js';
import type { FlowExtensions } from './flow-extensions.js';
import type { FlowModel } from './flow-model.js';

export interface LoadedFlow {
  readonly model: FlowModel;
  readonly version: number;
}

export interface FlowSource {
  /** The active version (no `version`) or that version of a flow; null when absent or inactive. */
  load(apiName: string, version?: number): Promise<LoadedFlow | null>;
}

export interface FlowRuntime {
  readonly store: Store;
  readonly flows: FlowSource;
  readonly extensions: FlowExtensions;
  readonly providerSettings: ProviderSettings;
  invokeAction(actionName: string, input: Record<string, unknown>, caller: Caller): Promise<ActionResult>;
  /** This process's operation runner, handed to invocables that run a step inside the call. */
  readonly operations?: OperationRunner;
  /**
   * Committed record changes (engine.recordChanges): an interview long-poll wakes on its
   * interview's and its wait screen's records. Without it the long-poll rechecks every second.
   */
  readonly recordChanges?: RecordChanges;
  /** Longest sleep of an interview long-poll between two looks (ms, default 1,000). */
  readonly interviewRecheckMs?: number;
  /** Elements one request may run (2,000): past it the interview ends in Error. */
  readonly elementBudget: number;
  readonly onError?: (error: unknown, context: string) => void;
}

/** A failed element: its fault connector receives `message` as `$Flow.FaultMessage`. */
export class FlowFault extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FlowFault';
  }
}
