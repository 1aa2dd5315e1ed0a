/** A whole checkout of one cart as a flow drives it, waiting on the session between steps. */
import type { Engine } from '../../src/engine.js';

export interface CheckoutOutcome {
  readonly cartId: string;
  readonly state: string;
  readonly isError: boolean;
  readonly orderId: string | null;
  readonly failedAt: string | null;
}

async function waitWhileProcessing(engine: Engine, sessionId: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const session = await engine.store.db
      .selectFrom('cart_checkout_session')
      .selectAll()
      .where('id', '=', sessionId)
      .executeTakeFirstOrThrow();
    if (session.is_processing === 0) return session;
    if (Date.now() > deadline) throw new Error(`session ${sessionId} stayed processing for ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export async function runFullCheckout(engine: Engine, cartId: string, userId: string): Promise<CheckoutOutcome> {
  const invoke = (action: string, input: Record<string, unknown>) => engine.invoke(action, input, { userId });
  const created = await invoke('checkoutSessionAction', { cartId });
  if (!created.isSuccess) return { cartId, state: '', isError: true, orderId: null, failedAt: 'checkoutSessionAction' };
  const sessionId = created.outputValues!.requestId as string;
  const steps: [string, string, string, Record<string, unknown>][] = [
    ['Start', 'Inventory', 'checkCartInventoryAction', {}],
    ['Inventory', 'Cart To Order', 'cartToOrderAction', {}],
    ['Cart To Order', 'Activate Order', 'activateOrderAction', { orderStatus: 'Activated' }],
  ];
  for (const [from, to, action, extra] of steps) {
    const moved = await invoke('updateCheckoutSessionStateAction', {
      checkoutSessionId: sessionId,
      expCurrentState: from,
      nextState: to,
    });
    if (!moved.isSuccess) {
      const session = await waitWhileProcessing(engine, sessionId);
      return {
        cartId,
        state: session.state,
        isError: session.is_error === 1,
        orderId: session.order_id,
        failedAt: from,
      };
    }
    const started = await invoke(action, { cartId, ...extra });
    if (!started.isSuccess) return { cartId, state: from, isError: true, orderId: null, failedAt: action };
    const session = await waitWhileProcessing(engine, sessionId);
    if (session.is_error === 1) {
      return { cartId, state: session.state, isError: true, orderId: session.order_id, failedAt: action };
    }
  }
  const session = await waitWhileProcessing(engine, sessionId);
  return { cartId, state: session.state, isError: false, orderId: session.order_id, failedAt: null };
}
