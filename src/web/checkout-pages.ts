/**
 * The checkout pages of a cart, driven by the store's checkout flow (WebStore.CheckoutFlowApiName,
 * the built-in flow when none is set): "Checkout" starts an interview of it for the cart as the
 * signed-in buyer (the flow itself starts or resumes the cart's checkout session), and
 * `/carts/:cartId/checkout/:interviewId` shows the interview's current screen, drawn from its
 * screen JSON (flow-screen-views.ts). A wait screen long-polls the interview briefly and reloads
 * itself; the confirmation shows the order summary the flow redirects to (`recordId`, when the
 * buyer may see it; otherwise the cart). Every screen form posts the
 * interview version it was drawn at: a stale version (another window moved it) answers 409
 * "changed in another window" and reloads; a refused value is shown next to its field. An
 * interview is only its starter's (another user's id is "not found").
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CheckoutError } from '../domain/errors.js';
import type { Engine } from '../engine.js';
import type { InterviewView } from '../flows/flow-interviews.js';
import { toApiError } from '../http/render-error.js';
import { loadCartView } from './cart-pages.js';
import { renderCartPage, renderOutputs } from './cart-views.js';
import { checkoutFlowOfCart } from './checkout-flow-name.js';
import { renderChanged, renderConfirmation, renderInterviewError } from './checkout-views.js';
import { readScreenForm } from './flow-screen-form.js';
import { isWaitScreen, renderScreen, type ScreenProblem } from './flow-screen-views.js';
import { html } from './html.js';
import { queryOneAs, soqlText, textOf, type ApiRecord } from './query-as.js';
import { renderPage } from './page-layout.js';
import { sendPage } from './register-web.js';
import { formOf, requireUser } from './web-request.js';
import type { WebUser } from './web-session.js';

type CartParams = { Params: { cartId: string } };
type InterviewParams = { Params: { cartId: string; interviewId: string } };

const cartUrl = (cartId: string) => `/carts/${encodeURIComponent(cartId)}`;
const interviewUrl = (cartId: string, interviewId: string) =>
  `${cartUrl(cartId)}/checkout/${encodeURIComponent(interviewId)}`;
/** How long a wait screen's page waits for the interview to move before it answers (s). */
const waitPageSeconds = 2;

/**
 * The order summary `summaryId` names, with its order's status and PO number, as the buyer may
 * see it (their account's summaries only: another's is the same null as none).
 */
async function summaryOf(engine: Engine, user: WebUser, summaryId: string): Promise<ApiRecord | null> {
  return queryOneAs(
    engine.store,
    user.caller,
    `SELECT Id, OrderNumber, Status, OriginalOrderId, OriginalOrder.Status, OriginalOrder.PoNumber, TotalAmount,
       TotalTaxAmount, GrandTotalAmount, CurrencyIsoCode FROM OrderSummary WHERE Id = ${soqlText(summaryId)}`,
  );
}

/** The summary of the order of the cart's completed checkout (a Closed cart's "See the order"). */
async function completedSummary(engine: Engine, user: WebUser, cartId: string): Promise<ApiRecord | null> {
  const session = await queryOneAs(
    engine.store,
    user.caller,
    `SELECT Id, OrderId FROM CartCheckoutSession WHERE WebCartId = ${soqlText(cartId)} AND IsArchived = true
       AND OrderId != null ORDER BY CreatedDate DESC LIMIT 1`,
  );
  if (session === null) return null;
  return queryOneAs(
    engine.store,
    user.caller,
    `SELECT Id FROM OrderSummary WHERE OriginalOrderId = ${soqlText(textOf(session, 'OrderId'))}`,
  ).then((summary) => (summary === null ? null : summaryOf(engine, user, textOf(summary, 'Id'))));
}

async function showInterview(
  request: FastifyRequest,
  reply: FastifyReply,
  engine: Engine,
  params: InterviewParams['Params'],
  interview: InterviewView,
  problem: ScreenProblem | null = null,
): Promise<FastifyReply> {
  const user = requireUser(request);
  const { cartId, interviewId } = params;
  const url = interviewUrl(cartId, interviewId);
  if (interview.status === 'Finished') {
    // The flow's redirect names the order summary (activation writes it with the order); only
    // that record is shown, never a guess from the cart.
    const summaryId = interview.redirect?.recordId ?? null;
    const summary = summaryId === null ? null : await summaryOf(engine, user, summaryId);
    if (summary !== null)
      return sendPage(reply, renderPage({ title: 'Order confirmed', user, body: renderConfirmation(summary, cartId) }));
    return reply.redirect(cartUrl(cartId), 303);
  }
  if (interview.status === 'Error' || interview.screen === null) {
    const body = renderInterviewError(user, cartId, interview.error ?? 'The checkout flow stopped');
    return sendPage(reply, renderPage({ title: 'Checkout', user, body }), 200);
  }
  const { screen } = interview;
  const view = await loadCartView(engine, user, cartId);
  const hasStepErrors = view.outputs.some((output) => output.Level === 'Error');
  const body = html`${
    hasStepErrors &&
    html`${renderOutputs(view.outputs, view.items)}
      <p><a href="${cartUrl(cartId)}">Back to the cart</a></p>`
  }${renderScreen(interview, screen, user, url, problem)}`;
  const isWait = isWaitScreen(screen);
  return sendPage(
    reply,
    renderPage({
      title: `Checkout: ${screen.label}`,
      user,
      body,
      ...(isWait ? { refreshSeconds: 1, refreshUrl: url } : {}),
    }),
    problem === null ? 200 : 400,
  );
}

function changedPage(reply: FastifyReply, user: WebUser, url: string): FastifyReply {
  return sendPage(
    reply,
    renderPage({
      title: 'Changed in another window',
      user,
      body: renderChanged(url),
      refreshSeconds: 3,
      refreshUrl: url,
    }),
    409,
  );
}

export function registerCheckoutPages(app: FastifyInstance, engine: Engine): void {
  app.get<CartParams>('/carts/:cartId/checkout', async (request, reply) => {
    const user = requireUser(request);
    const { cartId } = request.params;
    await loadCartView(engine, user, cartId);
    const summary = await completedSummary(engine, user, cartId);
    if (summary !== null)
      return sendPage(reply, renderPage({ title: 'Order confirmed', user, body: renderConfirmation(summary, cartId) }));
    return reply.redirect(cartUrl(cartId), 303);
  });

  app.post<CartParams>('/carts/:cartId/checkout', async (request, reply) => {
    const user = requireUser(request);
    const { cartId } = request.params;
    const view = await loadCartView(engine, user, cartId);
    try {
      const flowApiName = await checkoutFlowOfCart(engine, textOf(view.cart, 'Id'));
      const interview = await engine.flowInterviews.start(user.caller, flowApiName, {
        cartId: textOf(view.cart, 'Id'),
      });
      return reply.redirect(interviewUrl(cartId, interview.id), 303);
    } catch (error) {
      const known = toApiError(error);
      if (known === null || known.httpStatus >= 500) throw error;
      const body = renderCartPage(view, user, known.message);
      return sendPage(reply, renderPage({ title: `Cart: ${String(view.cart.Name)}`, user, body }), 400);
    }
  });

  app.get<InterviewParams>('/carts/:cartId/checkout/:interviewId', async (request, reply) => {
    const user = requireUser(request);
    const first = await engine.flowInterviews.read(user.caller, request.params.interviewId);
    const interview = isWaitScreen(first.screen)
      ? await engine.flowInterviews.read(user.caller, request.params.interviewId, waitPageSeconds)
      : first;
    return showInterview(request, reply, engine, request.params, interview);
  });

  app.post<InterviewParams>('/carts/:cartId/checkout/:interviewId', async (request, reply) => {
    const user = requireUser(request);
    const { cartId, interviewId } = request.params;
    const url = interviewUrl(cartId, interviewId);
    const current = await engine.flowInterviews.read(user.caller, interviewId);
    const submission = readScreenForm(formOf(request), current.screen);
    if (!Number.isInteger(submission.version) || submission.version !== current.version) {
      return changedPage(reply, user, url);
    }
    try {
      await engine.flowInterviews.navigate(user.caller, interviewId, submission);
    } catch (error) {
      if (error instanceof CheckoutError && error.errorCode === 'INTERVIEW_VERSION_MISMATCH') {
        return changedPage(reply, user, url);
      }
      if (error instanceof CheckoutError && error.httpStatus === 400) {
        const problem = { message: error.message, field: error.fields[0]?.toLowerCase() ?? null };
        return showInterview(request, reply, engine, request.params, current, problem);
      }
      throw error;
    }
    return reply.redirect(url, 303);
  });

  app.post<CartParams>('/carts/:cartId/checkout/cancel', async (request, reply) => {
    const user = requireUser(request);
    const { cartId } = request.params;
    await loadCartView(engine, user, cartId);
    await engine.invoke('cancelCartAsyncOperation', { cartId }, user.caller);
    return reply.redirect(cartUrl(cartId), 303);
  });
}
