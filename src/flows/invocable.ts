/**
 * Apex actions of a flow (`actionType` `apex`): invocables looked up by name. The built-in ones
 * (B2BSync*, B2BAuthorizeTokenizedPayment) and custom ones (a module in the provider directory
 * or an HTTP endpoint) share this shape. An invocable runs as the interview's user.
 */
import type { Caller } from '../access/caller.js';
import type { OperationRunner } from '../actions/action.js';
import type { ActionResult } from '../actions/invoke-action.js';
import type { Store } from '../store/database.js';

export interface InvocableContext {
  readonly store: Store;
  /** The interview's user. */
  readonly caller: Caller;
  /** Invokes a checkout action as the interview's user, exactly as the REST API does. */
  invokeAction(actionName: string, input: Record<string, unknown>): Promise<ActionResult>;
  /**
   * This process's operation runner, for invocables that run a checkout step inside the call
   * (the B2BSync* stand-ins). Those fail with a clear error when it is absent.
   */
  readonly operations?: OperationRunner;
}

export interface Invocable {
  /** The Apex class name a flow's `actionName` names (compared case-insensitively). */
  readonly name: string;
  /** Input parameter names, for validation at deploy (a flow passing another name is refused). */
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  /**
   * Runs once with one input record; returns the output values. A thrown CheckoutError fails the
   * flow element (its fault connector receives the message as `$Flow.FaultMessage`).
   */
  run(context: InvocableContext, input: Readonly<Record<string, unknown>>): Promise<Record<string, unknown>>;
}
