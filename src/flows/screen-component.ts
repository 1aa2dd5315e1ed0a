/**
 * Server-side adapters for the Lightning components a checkout flow's screens use
 * (`extensionName` of a `ComponentInstance` screen field). An adapter says what the component
 * shows (`inputs`, computed from the flow's input parameters and the records) and validates
 * what a client sends back before the interpreter assigns the component's outputs.
 */
import type { Caller } from '../access/caller.js';
import type { Store } from '../store/database.js';

export interface ComponentContext {
  readonly store: Store;
  /** The interview's user. */
  readonly caller: Caller;
}

/** The component's input parameters as the flow set them (names as written in the flow). */
export type ComponentParameters = Readonly<Record<string, unknown>>;

export interface ScreenComponentAdapter {
  /** e.g. `forceCommunity:commerceDelivery` (compared case-insensitively). */
  readonly extensionName: string;
  /** Input parameter names the component accepts (others are refused at deploy). */
  readonly inputParameters: readonly string[];
  /** Output parameter names a flow may store (`outputParameters`). */
  readonly outputParameters: readonly string[];
  /** What the screen shows: the `inputs` of the screen field in the interview JSON. */
  view(context: ComponentContext, parameters: ComponentParameters): Promise<Record<string, unknown>>;
  /**
   * Validates what the client sent for this field on NEXT/FINISH and returns the component's
   * output parameter values. Throws a CheckoutError (400, `fields` naming the field) when invalid;
   * the interview then stays on the screen and nothing changes.
   */
  accept(
    context: ComponentContext,
    parameters: ComponentParameters,
    submitted: Readonly<Record<string, unknown>>,
  ): Promise<Record<string, unknown>>;
  /**
   * A wait screen (`forceCommunity:commerceScreenWait`): true while the screen must stay, i.e.
   * while the checkout session is processing. The interview advances by itself (as NEXT) once
   * this answers false. Absent for other components.
   */
  isWaiting?(context: ComponentContext, parameters: ComponentParameters): Promise<boolean>;
  /**
   * With `isWaiting`: the ids of the records whose committed change may end the wait (only
   * BackgroundOperation and CartCheckoutSession rows send change notices). A long-poll of the
   * interview wakes on them at once; without them (or for a wait on anything else) it rechecks
   * `isWaiting` every second.
   */
  waitsOn?(context: ComponentContext, parameters: ComponentParameters): Promise<readonly string[]>;
}
