/**
 * One full checkout through the standard sequence, the same for every transport: session →
 * Inventory → Confirm Price → Calculate Promotions → Shipping Cost → delivery method (a screen
 * step) → Taxes → Cart To Order → Activate Order → order summary. Every action call is timed;
 * waiting for a background operation is not an action call and is left out of those figures.
 */

/** How a buyer reaches the engine: in process or over HTTP. */
export interface CheckoutTransport {
  /** Invokes one action; throws when it fails (a benchmark checkout must never fail). */
  invoke(action: string, input: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** The screen step: sets the session's State while it is idle, as a PATCH of the session. */
  setState(sessionId: string, from: string, to: string): Promise<void>;
  /** Resolves when the operation is Complete; throws when it ends otherwise. */
  awaitOperation(operationId: string): Promise<void>;
  /** Resolves when the order summary of the session's order exists. */
  awaitOrderSummary(sessionId: string): Promise<void>;
}

/**
 * Keys: `action.<name>` for each call; `step.<action>` from a step's call to the end of its
 * operation (activation: of the order summary too); `checkout.total` for the whole checkout.
 */
export type RecordLatency = (key: string, durationMs: number) => void;

const asyncSteps: readonly (readonly [from: string, to: string, action: string])[] = [
  ['Start', 'Inventory', 'checkCartInventoryAction'],
  ['Inventory', 'Confirm Price', 'priceCart'],
  ['Confirm Price', 'Calculate Promotions', 'calcCartPromotionsAction'],
  ['Calculate Promotions', 'Shipping Cost', 'calcCartShipmentAction'],
];

const stepsAfterDeliveryMethod: readonly (readonly [from: string, to: string, action: string])[] = [
  ['Delivery Method', 'Taxes', 'calcCartTaxesAction'],
  ['Taxes', 'Cart To Order', 'cartToOrderAction'],
  ['Cart To Order', 'Activate Order', 'activateOrderAction'],
];

export async function runStandardCheckout(
  transport: CheckoutTransport,
  cartId: string,
  deliveryMethodId: string,
  record: RecordLatency,
): Promise<void> {
  const timed = async <T>(key: string, call: () => Promise<T>): Promise<T> => {
    const startedMs = performance.now();
    const result = await call();
    record(`action.${key}`, performance.now() - startedMs);
    return result;
  };
  const invoke = (action: string, input: Record<string, unknown>) =>
    timed(action, () => transport.invoke(action, input));
  const startedMs = performance.now();
  const sessionId = String((await invoke('checkoutSessionAction', { cartId })).requestId);
  const runStep = async (from: string, to: string, action: string) => {
    await invoke('updateCheckoutSessionStateAction', {
      checkoutSessionId: sessionId,
      expCurrentState: from,
      nextState: to,
    });
    const extra = action === 'activateOrderAction' ? { orderStatus: 'Activated' } : {};
    const stepStartedMs = performance.now();
    const { backgroundOperationId } = await invoke(action, { cartId, ...extra });
    await transport.awaitOperation(String(backgroundOperationId));
    if (action === 'activateOrderAction') await transport.awaitOrderSummary(sessionId);
    record(`step.${action}`, performance.now() - stepStartedMs);
  };
  for (const [from, to, action] of asyncSteps) await runStep(from, to, action);
  await invoke('setCheckoutDeliveryMethod', { cartId, deliveryMethodId });
  await timed('setSessionState', () => transport.setState(sessionId, 'Shipping Cost', 'Delivery Method'));
  for (const [from, to, action] of stepsAfterDeliveryMethod) await runStep(from, to, action);
  record('checkout.total', performance.now() - startedMs);
}
