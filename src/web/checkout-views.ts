/** The markup of the checkout pages around the flow's screens: errors, the 409 page, the confirmation. */
import { formatMoney } from './format.js';
import { html, type SafeHtml } from './html.js';
import { csrfInput } from './page-layout.js';
import { textOf, type ApiRecord } from './query-as.js';
import type { WebUser } from './web-session.js';

const cartUrl = (cartId: string) => `/carts/${encodeURIComponent(cartId)}`;

function cancelForm(user: WebUser, cartId: string): SafeHtml {
  return html`<form method="post" action="${`${cartUrl(cartId)}/checkout/cancel`}">
    ${csrfInput(user)}<button type="submit" class="danger">Cancel checkout</button>
  </form>`;
}

/** The interview stopped with an error: what it said, and the ways on. */
export function renderInterviewError(user: WebUser, cartId: string, message: string): SafeHtml {
  return html`<div class="alert" role="alert">
      <h2>The checkout stopped</h2>
      <p>${message}</p>
    </div>
    <div class="actions">
      <a class="button secondary" href="${cartUrl(cartId)}">Back to the cart</a>
      <form method="post" action="${`${cartUrl(cartId)}/checkout`}">
        ${csrfInput(user)}<button type="submit">Check out again</button>
      </form>
    </div>
    ${cancelForm(user, cartId)}`;
}

export function renderChanged(url: string): SafeHtml {
  return html`<div class="alert" role="alert">
      <h2>This checkout changed in another window</h2>
      <p>Nothing was changed by this page. It reloads with the current step in a moment.</p>
    </div>
    <p><a href="${url}">Reload now</a></p>`;
}

/** The confirmation, from the order summary the flow redirected to (its order's status and PO). */
export function renderConfirmation(summary: ApiRecord, cartId: string): SafeHtml {
  const order = (summary.OriginalOrder ?? null) as ApiRecord | null;
  return html`<div class="success" role="status">
      <h2>Thank you: order <span id="order-number">${textOf(summary, 'OrderNumber')}</span> is placed</h2>
    </div>
    <dl class="facts" aria-label="Your order">
      <dt>Order number</dt>
      <dd>${textOf(summary, 'OrderNumber')}</dd>
      <dt>Status</dt>
      <dd>${textOf(order, 'Status')}</dd>
      <dt>Purchase order</dt>
      <dd>${textOf(order, 'PoNumber')}</dd>
      <dt>Subtotal</dt>
      <dd>${formatMoney(summary.TotalAmount, summary.CurrencyIsoCode)}</dd>
      <dt>Tax</dt>
      <dd>${formatMoney(summary.TotalTaxAmount, summary.CurrencyIsoCode)}</dd>
      <dt>Total</dt>
      <dd><strong>${formatMoney(summary.GrandTotalAmount, summary.CurrencyIsoCode)}</strong></dd>
    </dl>
    <p><a href="${cartUrl(cartId)}">The ordered cart</a> · <a href="/">My carts</a></p>`;
}
