/**
 * The checkout the web pages drive, step by step, as the standard checkout flow template
 * does: the same state names, the same actions, in the same order. Automatic steps move the
 * session with updateCheckoutSessionStateAction and start the step's action; screen steps wait
 * for the buyer (choose a delivery method; give a purchase order number and place the order).
 * Nothing here writes a record: each move is an action call or a record update of the
 * session, as the buyer, through the engine's one write path.
 */
import type { ActionResult } from '../actions/invoke-action.js';
import type { Caller } from '../access/caller.js';
import type { Engine } from '../engine.js';

export interface AutomaticStep {
  readonly to: string;
  readonly action: string;
  readonly extra?: Readonly<Record<string, unknown>>;
  /** What the buyer reads while it runs. */
  readonly label: string;
}

/** From the state on the left, the step that follows without the buyer. */
export const automaticSteps: Readonly<Record<string, AutomaticStep>> = {
  Start: { to: 'Inventory', action: 'checkCartInventoryAction', label: 'Checking stock' },
  Inventory: { to: 'Confirm Price', action: 'priceCart', label: 'Pricing the cart' },
  'Confirm Price': { to: 'Calculate Promotions', action: 'calcCartPromotionsAction', label: 'Applying promotions' },
  'Calculate Promotions': { to: 'Shipping Cost', action: 'calcCartShipmentAction', label: 'Finding delivery options' },
  'Delivery Method': { to: 'Taxes', action: 'calcCartTaxesAction', label: 'Calculating taxes' },
  'Cart To Order': {
    to: 'Activate Order',
    action: 'activateOrderAction',
    extra: { orderStatus: 'Activated' },
    label: 'Confirming the order',
  },
};

/** States at which the buyer decides: the screen shown there. */
export const screenOf: Readonly<Record<string, 'delivery' | 'summary'>> = {
  'Shipping Cost': 'delivery',
  Taxes: 'summary',
};

/** The steps as the progress list names them, with the states that belong to each. */
export const progressSteps: readonly { readonly label: string; readonly states: readonly string[] }[] = [
  { label: 'Stock', states: ['Start', 'Inventory'] },
  { label: 'Prices', states: ['Confirm Price', 'Calculate Promotions'] },
  { label: 'Delivery', states: ['Shipping Cost', 'Delivery Method'] },
  { label: 'Summary and payment', states: ['Taxes'] },
  { label: 'Order', states: ['Cart To Order', 'Activate Order'] },
];

export interface SessionSnapshot {
  readonly id: string;
  readonly state: string;
  readonly nextState: string | null;
  readonly isProcessing: boolean;
  readonly isError: boolean;
}

export type Advance =
  { readonly kind: 'started' } | { readonly kind: 'unchanged' } | { readonly kind: 'failed'; readonly message: string };

function firstError(result: ActionResult): string {
  return result.errors[0]?.message ?? 'The step could not start';
}

/**
 * Starts the automatic step due at the session's state, if one is. Two pages doing this at
 * once are harmless: the compare-and-set lets one move the session, and the action refuses a
 * second start (ALREADY_IN_PROCESS) — the loser just shows what the winner started.
 */
export async function advanceCheckout(
  engine: Engine,
  caller: Caller,
  cartId: string,
  session: SessionSnapshot,
): Promise<Advance> {
  const step = automaticSteps[session.state];
  if (step === undefined || session.isProcessing || session.isError) return { kind: 'unchanged' };
  if (session.nextState === null) {
    const moved = await engine.invoke(
      'updateCheckoutSessionStateAction',
      { checkoutSessionId: session.id, expCurrentState: session.state, nextState: step.to },
      caller,
    );
    if (!moved.isSuccess) {
      return moved.errors[0]?.statusCode === 'EXPECTED_STATE_MISMATCH'
        ? { kind: 'unchanged' }
        : { kind: 'failed', message: firstError(moved) };
    }
  } else if (session.nextState !== step.to) {
    return { kind: 'unchanged' };
  }
  const started = await engine.invoke(step.action, { cartId, ...(step.extra ?? {}) }, caller);
  if (started.isSuccess || started.errors[0]?.statusCode === 'ALREADY_IN_PROCESS') return { kind: 'started' };
  return { kind: 'failed', message: firstError(started) };
}
