/**
 * The checkout pages of a cart: one URL (`/carts/:id/checkout`) shows whatever the checkout
 * needs now — the wait page while a step runs (it reloads itself every second), the delivery
 * method screen, the summary with the purchase order number, the error screen, or the
 * confirmation with the order number — and starts the next automatic step when one is due
 * (checkout-sequence.ts). Every screen form posts the state it was drawn at: if the checkout
 * moved meanwhile (another window, another device), the answer is 409 "changed in another
 * window" and the page reloads to the current screen, nothing changed.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Engine } from '../engine.js';
import { toApiError } from '../http/render-error.js';
import { updateRecord } from '../http/write-record.js';
import { objects } from '../records/registry.js';
import { loadCartView } from './cart-pages.js';
import { renderCartPage } from './cart-views.js';
import { advanceCheckout, screenOf, type SessionSnapshot } from './checkout-sequence.js';
import {
  renderChanged,
  renderConfirmation,
  renderDeliveryScreen,
  renderErrorScreen,
  renderSummaryScreen,
  renderWaitScreen,
  renderUnknownState,
} from './checkout-views.js';
import { queryAs, queryOneAs, soqlText, textOf, type ApiRecord } from './query-as.js';
import { renderPage } from './page-layout.js';
import { sendPage } from './register-web.js';
import { formOf, requireUser } from './web-request.js';
import type { WebUser } from './web-session.js';

type CartParams = { Params: { cartId: string } };

const checkoutUrl = (cartId: string) => `/carts/${encodeURIComponent(cartId)}/checkout`;

function snapshotOf(session: ApiRecord): SessionSnapshot {
  return {
    id: session.Id,
    state: textOf(session, 'State'),
    nextState: session.NextState === null ? null : textOf(session, 'NextState'),
    isProcessing: session.IsProcessing === true,
    isError: session.IsError === true,
  };
}

async function liveSession(engine: Engine, user: WebUser, cartId: string): Promise<ApiRecord | null> {
  return queryOneAs(
    engine.store,
    user.caller,
    `SELECT Id, State, NextState, IsProcessing, IsError, BackgroundOperationId, OrderId FROM CartCheckoutSession
       WHERE WebCartId = ${soqlText(cartId)} AND IsArchived = false`,
  );
}

/** The activated order of the cart's last completed checkout, if any. */
async function completedOrder(engine: Engine, user: WebUser, cartId: string): Promise<ApiRecord | null> {
  const sessions = await queryAs(
    engine.store,
    user.caller,
    `SELECT Id, OrderId FROM CartCheckoutSession WHERE WebCartId = ${soqlText(cartId)} AND IsArchived = true
       ORDER BY CreatedDate DESC LIMIT 20`,
  );
  for (const session of sessions) {
    if (session.OrderId === null) continue;
    const order = await queryOneAs(
      engine.store,
      user.caller,
      `SELECT Id, OrderNumber, Status, PoNumber, TotalAmount, TotalTaxAmount, GrandTotalAmount, CurrencyIsoCode
         FROM Order WHERE Id = ${soqlText(textOf(session, 'OrderId'))}`,
    );
    if (order?.Status === 'Activated') return order;
  }
  return null;
}

async function runningOperation(engine: Engine, user: WebUser, session: ApiRecord): Promise<ApiRecord | null> {
  if (session.BackgroundOperationId === null) return null;
  return queryOneAs(
    engine.store,
    user.caller,
    `SELECT Id, Type, Status, RetryCount, SubmittedAt, StartedAt FROM BackgroundOperation
       WHERE Id = ${soqlText(textOf(session, 'BackgroundOperationId'))}`,
  );
}

async function deliveryOptions(engine: Engine, user: WebUser, cartId: string): Promise<ApiRecord[]> {
  return queryAs(
    engine.store,
    user.caller,
    `SELECT Id, Name, ShippingFee, DeliveryMethodId, Carrier, ClassOfService FROM CartDeliveryGroupMethod
       WHERE WebCartId = ${soqlText(cartId)} ORDER BY ShippingFee`,
  );
}

async function showCheckout(
  request: FastifyRequest,
  reply: FastifyReply,
  engine: Engine,
  cartId: string,
  error?: string,
): Promise<FastifyReply> {
  const user = requireUser(request);
  const send = (title: string, body: Parameters<typeof renderPage>[0]['body'], status = 200, refresh = false) =>
    sendPage(
      reply,
      renderPage({
        title,
        user,
        body,
        ...(refresh ? { refreshSeconds: 1, refreshUrl: checkoutUrl(cartId) } : {}),
      }),
      status,
    );
  let view = await loadCartView(engine, user, cartId);
  let session = await liveSession(engine, user, cartId);
  if (session === null) {
    const order = await completedOrder(engine, user, cartId);
    if (order !== null) return send('Order confirmed', renderConfirmation(order, cartId));
    return reply.redirect(`/carts/${encodeURIComponent(cartId)}`, 303);
  }
  const advance = await advanceCheckout(engine, user.caller, cartId, snapshotOf(session));
  if (advance.kind === 'failed') {
    return send('Checkout', renderErrorScreen(view, user, snapshotOf(session), advance.message), 400);
  }
  if (advance.kind === 'started') {
    session = (await liveSession(engine, user, cartId)) ?? session;
  }
  const snapshot = snapshotOf(session);
  if (snapshot.isError) return send('Checkout', renderErrorScreen(view, user, snapshot), 200);
  if (snapshot.isProcessing || snapshot.nextState !== null) {
    const operation = await runningOperation(engine, user, session);
    return send('Checkout', renderWaitScreen(snapshot, operation), 200, true);
  }
  switch (screenOf[snapshot.state]) {
    case 'delivery': {
      const options = await deliveryOptions(engine, user, cartId);
      if (options.length === 0) {
        // Nothing to choose (the store charges no delivery): the screen step passes by itself.
        await updateRecord(
          engine.store,
          user.caller,
          objects.cartCheckoutSession,
          snapshot.id,
          { State: 'Delivery Method' },
          engine.providerSettings,
        );
        return reply.redirect(checkoutUrl(cartId), 303);
      }
      return send(
        'Checkout: delivery',
        renderDeliveryScreen(view, user, snapshot, options, error),
        error === undefined ? 200 : 400,
      );
    }
    case 'summary': {
      view = await loadCartView(engine, user, cartId);
      return send(
        'Checkout: summary and payment',
        renderSummaryScreen(view, user, snapshot, error),
        error === undefined ? 200 : 400,
      );
    }
    default:
      if (snapshot.state === 'Activate Order') return send('Checkout', renderWaitScreen(snapshot, null), 200, true);
      return send('Checkout', renderUnknownState(view, user, snapshot));
  }
}

/** The session as the form saw it, or the 409 "changed in another window" page. */
async function sessionAsSeen(
  request: FastifyRequest,
  reply: FastifyReply,
  engine: Engine,
  user: WebUser,
  cartId: string,
): Promise<SessionSnapshot | FastifyReply> {
  const session = await liveSession(engine, user, cartId);
  const seenState = formOf(request).state;
  if (session === null || session.State !== seenState || session.IsProcessing === true || session.NextState !== null) {
    return sendPage(
      reply,
      renderPage({
        title: 'Changed in another window',
        user,
        body: renderChanged(cartId),
        refreshSeconds: 3,
        refreshUrl: checkoutUrl(cartId),
      }),
      409,
    );
  }
  return snapshotOf(session);
}

/** A refusal the buyer can act on is shown on the screen it came from. */
async function tryOnScreen(
  request: FastifyRequest,
  reply: FastifyReply,
  engine: Engine,
  cartId: string,
  write: () => Promise<string | null>,
): Promise<FastifyReply> {
  let problem: string | null;
  try {
    problem = await write();
  } catch (error) {
    const known = toApiError(error);
    if (known === null || known.httpStatus >= 500 || known.errorCode === 'NOT_FOUND') throw error;
    problem = known.message;
  }
  if (problem !== null) return showCheckout(request, reply, engine, cartId, problem);
  return reply.redirect(checkoutUrl(cartId), 303);
}

export function registerCheckoutPages(app: FastifyInstance, engine: Engine): void {
  const invoke = (user: WebUser, action: string, input: Record<string, unknown>) =>
    engine.invoke(action, input, user.caller);

  app.get<CartParams>('/carts/:cartId/checkout', (request, reply) =>
    showCheckout(request, reply, engine, request.params.cartId),
  );

  app.post<CartParams>('/carts/:cartId/checkout', async (request, reply) => {
    const user = requireUser(request);
    const { cartId } = request.params;
    const view = await loadCartView(engine, user, cartId);
    const started = await invoke(user, 'checkoutSessionAction', { cartId });
    if (!started.isSuccess) {
      const message = started.errors[0]?.message ?? 'The checkout could not start';
      return sendPage(
        reply,
        renderPage({ title: `Cart: ${String(view.cart.Name)}`, user, body: renderCartPage(view, user, message) }),
        400,
      );
    }
    return reply.redirect(checkoutUrl(cartId), 303);
  });

  app.post<CartParams>('/carts/:cartId/checkout/delivery', async (request, reply) => {
    const user = requireUser(request);
    const { cartId } = request.params;
    const seen = await sessionAsSeen(request, reply, engine, user, cartId);
    if (!('state' in seen)) return seen;
    if (screenOf[seen.state] !== 'delivery') return showCheckout(request, reply, engine, cartId);
    const deliveryMethodId = formOf(request).deliveryMethodId ?? '';
    return tryOnScreen(request, reply, engine, cartId, async () => {
      if (deliveryMethodId === '') return 'Choose a delivery method';
      const chosen = await invoke(user, 'setCheckoutDeliveryMethod', { cartId, deliveryMethodId });
      if (!chosen.isSuccess) return chosen.errors[0]?.message ?? 'The delivery method could not be chosen';
      await updateRecord(
        engine.store,
        user.caller,
        objects.cartCheckoutSession,
        seen.id,
        { State: 'Delivery Method' },
        engine.providerSettings,
      );
      return null;
    });
  });

  app.post<CartParams>('/carts/:cartId/checkout/place', async (request, reply) => {
    const user = requireUser(request);
    const { cartId } = request.params;
    const seen = await sessionAsSeen(request, reply, engine, user, cartId);
    if (!('state' in seen)) return seen;
    if (screenOf[seen.state] !== 'summary') return showCheckout(request, reply, engine, cartId);
    const poNumber = (formOf(request).poNumber ?? '').trim();
    return tryOnScreen(request, reply, engine, cartId, async () => {
      if (poNumber === '') return 'Enter a purchase order number';
      await updateRecord(
        engine.store,
        user.caller,
        objects.webCart,
        cartId,
        { PoNumber: poNumber },
        engine.providerSettings,
      );
      const moved = await invoke(user, 'updateCheckoutSessionStateAction', {
        checkoutSessionId: seen.id,
        expCurrentState: seen.state,
        nextState: 'Cart To Order',
      });
      if (!moved.isSuccess) return moved.errors[0]?.message ?? 'The order could not be placed';
      const ordered = await invoke(user, 'cartToOrderAction', { cartId });
      return ordered.isSuccess ? null : (ordered.errors[0]?.message ?? 'The order could not be placed');
    });
  });

  app.post<CartParams>('/carts/:cartId/checkout/cancel', async (request, reply) => {
    const user = requireUser(request);
    const { cartId } = request.params;
    await loadCartView(engine, user, cartId);
    await invoke(user, 'cancelCartAsyncOperation', { cartId });
    return reply.redirect(`/carts/${encodeURIComponent(cartId)}`, 303);
  });

  app.post<CartParams>('/carts/:cartId/checkout/retry', async (request, reply) => {
    const user = requireUser(request);
    const { cartId } = request.params;
    await loadCartView(engine, user, cartId);
    await invoke(user, 'cancelCartAsyncOperation', { cartId });
    await invoke(user, 'checkoutSessionAction', { cartId });
    return reply.redirect(checkoutUrl(cartId), 303);
  });
}
