/** The markup of the checkout screens. */
import { renderOutputs, renderTotals, type CartView } from './cart-views.js';
import { progressSteps, automaticSteps, type SessionSnapshot } from './checkout-sequence.js';
import { formatDuration, formatMoney, formatNumber, millisecondsBetween } from './format.js';
import { html, type SafeHtml } from './html.js';
import { csrfInput } from './page-layout.js';
import { textOf, type ApiRecord } from './query-as.js';
import type { WebUser } from './web-session.js';

const cartUrl = (cartId: string) => `/carts/${encodeURIComponent(cartId)}`;

function progress(state: string): SafeHtml {
  const current = progressSteps.findIndex((step) => step.states.includes(state));
  return html`<ol class="steps" aria-label="Checkout steps">
    ${progressSteps.map((step, index) =>
      index === current
        ? html`<li aria-current="step">${step.label}</li>`
        : html`<li class="${index < current ? 'done' : ''}">
            ${step.label}${index < current && html`<span class="visually-hidden"> (done)</span>`}
          </li>`,
    )}
  </ol>`;
}

function cancelForm(user: WebUser, cartId: string): SafeHtml {
  return html`<form method="post" action="${`${cartUrl(cartId)}/checkout/cancel`}">
    ${csrfInput(user)}<button type="submit" class="danger">Cancel checkout</button>
  </form>`;
}

function errorAlert(error: string | undefined): SafeHtml {
  return html`${
    error !== undefined &&
    html`<div class="alert" role="alert" id="screen-error">
      <h2>Please check</h2>
      <p>${error}</p>
    </div>`
  }`;
}

function linesTable(view: CartView): SafeHtml {
  const currency = view.cart.CurrencyIsoCode;
  return html`<table>
    <caption>
      What you order
    </caption>
    <thead>
      <tr>
        <th scope="col">Line</th>
        <th scope="col" class="num">Quantity</th>
        <th scope="col" class="num">Total</th>
        <th scope="col" class="num">Tax</th>
      </tr>
    </thead>
    <tbody>
      ${view.items.map(
        (item) =>
          html`<tr>
            <th scope="row">${textOf(item, 'Name')}</th>
            <td class="num">${formatNumber(item.Quantity)}</td>
            <td class="num">${formatMoney(item.TotalPrice, currency)}</td>
            <td class="num">${formatMoney(item.TotalTaxAmount, currency)}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

export function renderWaitScreen(session: SessionSnapshot, operation: ApiRecord | null): SafeHtml {
  const step = automaticSteps[session.state];
  const label = step?.label ?? (session.nextState === null ? 'Working' : `Moving to ${session.nextState}`);
  const elapsed = millisecondsBetween(operation?.StartedAt ?? operation?.SubmittedAt, new Date().toISOString());
  const retries = Number(operation?.RetryCount ?? 0);
  return html`${progress(session.state)}
    <div class="notice" role="status" aria-live="polite">
      <h2>${label}…</h2>
      ${
        operation !== null &&
        html`<p>
          Step <strong>${textOf(operation, 'Type')}</strong>:
          ${textOf(operation, 'Status') === 'New' ? 'waiting for a worker' : 'running'}
          ${elapsed !== null && html` for ${formatDuration(Math.max(0, elapsed))}`}${retries > 0 && html`, attempt ${retries + 1}`}.
        </p>`
      }
      <p>This page updates itself every second.</p>
    </div>`;
}

export function renderDeliveryScreen(
  view: CartView,
  user: WebUser,
  session: SessionSnapshot,
  options: readonly ApiRecord[],
  error?: string,
): SafeHtml {
  const cartId = textOf(view.cart, 'Id');
  const currency = view.cart.CurrencyIsoCode;
  return html`${progress(session.state)}${errorAlert(error)}
    <form method="post" action="${`${cartUrl(cartId)}/checkout/delivery`}">
      ${csrfInput(user)}
      <input type="hidden" name="state" value="${session.state}" />
      <fieldset>
        <legend>Delivery method</legend>
        ${options.map(
          (option, index) =>
            html`<div>
              <input
                type="radio"
                id="${`delivery-${index}`}"
                name="deliveryMethodId"
                value="${textOf(option, 'DeliveryMethodId')}"
                ${index === 0 && html`checked`}
              />
              <label for="${`delivery-${index}`}"
                >${textOf(option, 'Name')} — ${formatMoney(option.ShippingFee, currency)}</label
              >
            </div>`,
        )}
      </fieldset>
      <div class="actions"><button type="submit">Continue</button></div>
    </form>
    ${cancelForm(user, cartId)}`;
}

export function renderSummaryScreen(view: CartView, user: WebUser, session: SessionSnapshot, error?: string): SafeHtml {
  const cartId = textOf(view.cart, 'Id');
  return html`${progress(session.state)}${errorAlert(error)} ${linesTable(view)} ${renderTotals(view.cart)}
    <form method="post" action="${`${cartUrl(cartId)}/checkout/place`}">
      ${csrfInput(user)}
      <input type="hidden" name="state" value="${session.state}" />
      <fieldset>
        <legend>Payment</legend>
        <p>Pay by purchase order: the order is invoiced to your account.</p>
        <div class="field">
          <label for="po-number">Purchase order number</label>
          <input
            id="po-number"
            name="poNumber"
            type="text"
            maxlength="80"
            required
            value="${textOf(view.cart, 'PoNumber')}"
            ${error !== undefined && html`aria-describedby="screen-error"`}
          />
        </div>
      </fieldset>
      <div class="actions"><button type="submit">Place order</button></div>
    </form>
    ${cancelForm(user, cartId)}`;
}

export function renderErrorScreen(view: CartView, user: WebUser, session: SessionSnapshot, message?: string): SafeHtml {
  const cartId = textOf(view.cart, 'Id');
  const hasOutputs = view.outputs.some((output) => output.Level === 'Error' || output.Level === 'Warning');
  return html`${progress(session.state)} ${renderOutputs(view.outputs, view.items)}
    ${
      (message !== undefined || !hasOutputs) &&
      html`<div class="alert" role="alert">
        <h2>The checkout stopped</h2>
        <p>${message ?? 'A step of the checkout failed.'}</p>
      </div>`
    }
    <p>
      Change the cart to fix it (this ends this checkout), then check out again; or try the checkout again as it is.
    </p>
    <div class="actions">
      <a class="button secondary" href="${cartUrl(cartId)}">Back to the cart</a>
      <form method="post" action="${`${cartUrl(cartId)}/checkout/retry`}">
        ${csrfInput(user)}<button type="submit">Try again</button>
      </form>
    </div>
    ${cancelForm(user, cartId)}`;
}

export function renderUnknownState(view: CartView, user: WebUser, session: SessionSnapshot): SafeHtml {
  return html`<div class="notice">
      <p>This checkout is at the state “${session.state}”, which these pages do not drive.</p>
    </div>
    ${cancelForm(user, textOf(view.cart, 'Id'))}`;
}

export function renderChanged(cartId: string): SafeHtml {
  return html`<div class="alert" role="alert">
      <h2>This checkout changed in another window</h2>
      <p>Nothing was changed by this page. It reloads with the current step in a moment.</p>
    </div>
    <p><a href="${`${cartUrl(cartId)}/checkout`}">Reload now</a></p>`;
}

export function renderConfirmation(order: ApiRecord, cartId: string): SafeHtml {
  return html`<div class="success" role="status">
      <h2>Thank you: order <span id="order-number">${textOf(order, 'OrderNumber')}</span> is placed</h2>
    </div>
    <dl class="facts">
      <dt>Order number</dt>
      <dd>${textOf(order, 'OrderNumber')}</dd>
      <dt>Status</dt>
      <dd>${textOf(order, 'Status')}</dd>
      <dt>Purchase order</dt>
      <dd>${textOf(order, 'PoNumber')}</dd>
      <dt>Subtotal</dt>
      <dd>${formatMoney(order.TotalAmount, order.CurrencyIsoCode)}</dd>
      <dt>Tax</dt>
      <dd>${formatMoney(order.TotalTaxAmount, order.CurrencyIsoCode)}</dd>
      <dt>Total</dt>
      <dd><strong>${formatMoney(order.GrandTotalAmount, order.CurrencyIsoCode)}</strong></dd>
    </dl>
    <p><a href="${cartUrl(cartId)}">The ordered cart</a> · <a href="/">My carts</a></p>`;
}
