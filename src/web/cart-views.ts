/** The markup of the cart list and the cart page. */
import { renderDataTable, type TableContent } from './data-table.js';
import { formatMoney, formatNumber, formatTime } from './format.js';
import { html, type SafeHtml } from './html.js';
import { csrfInput } from './page-layout.js';
import { textOf, type ApiRecord } from './query-as.js';
import type { WebUser } from './web-session.js';

export interface CartView {
  readonly cart: ApiRecord;
  readonly items: readonly ApiRecord[];
  readonly coupons: readonly ApiRecord[];
  readonly outputs: readonly ApiRecord[];
  /** The cart's non-archived checkout session, if any. */
  readonly session: ApiRecord | null;
  readonly groups: readonly ApiRecord[];
}

const cartUrl = (cartId: string) => `/carts/${encodeURIComponent(cartId)}`;

export function renderCartList(carts: readonly ApiRecord[]): SafeHtml {
  if (carts.length === 0) return html`<p>You have no carts yet.</p>`;
  return renderDataTable({
    caption: html`Your account's carts, most recently changed first`,
    columns: [
      { label: 'Cart' },
      { label: 'Status' },
      { label: 'Items', isNumeric: true },
      { label: 'Total', isNumeric: true },
      { label: 'Changed' },
    ],
    rows: carts.map((cart) => [
      html`<a href="${cartUrl(cart.Id)}">${textOf(cart, 'Name')}</a>`,
      textOf(cart, 'Status'),
      formatNumber(cart.TotalProductCount),
      formatMoney(cart.GrandTotalAmount, cart.CurrencyIsoCode),
      formatTime(cart.LastModifiedDate),
    ]),
  });
}

/** Error and warning messages of the last checkout steps, each next to what it is about. */
export function renderOutputs(outputs: readonly ApiRecord[], items: readonly ApiRecord[]): SafeHtml {
  const shown = outputs.filter((output) => output.Level === 'Error' || output.Level === 'Warning');
  if (shown.length === 0) return html``;
  const nameOf = (id: unknown) => items.find((item) => item.Id === id)?.Name;
  const hasError = shown.some((output) => output.Level === 'Error');
  return html`<div class="alert" role="alert" id="cart-messages">
    <h2>${hasError ? 'The checkout stopped: please fix the cart' : 'Messages about your cart'}</h2>
    <ul>
      ${shown.map(
        (output) =>
          html`<li>
            <strong>${textOf(output, 'Level')}</strong> (${textOf(output, 'Type')})${
              nameOf(output.RelatedEntityId) !== undefined && html` on ${String(nameOf(output.RelatedEntityId))}`
            }:
            ${textOf(output, 'Message')}
          </li>`,
      )}
    </ul>
  </div>`;
}

function itemCells(view: CartView, item: ApiRecord, user: WebUser, isEditable: boolean): TableContent[] {
  const currency = view.cart.CurrencyIsoCode;
  const inputId = `quantity-${item.Id}`;
  const isProduct = item.Type === 'Product';
  const quantityCell =
    isProduct && isEditable
      ? html`<form method="post" action="${`${cartUrl(textOf(view.cart, 'Id'))}/items/${item.Id}`}" class="inline">
          ${csrfInput(user)}
          <label for="${inputId}" class="visually-hidden">Quantity of ${textOf(item, 'Name')}</label>
          <input
            id="${inputId}"
            name="quantity"
            type="number"
            min="0.0001"
            step="any"
            required
            value="${formatNumber(item.Quantity)}"
          />
          <button type="submit" class="secondary">
            Update<span class="visually-hidden"> ${textOf(item, 'Name')}</span>
          </button>
        </form>`
      : html`${formatNumber(item.Quantity)}`;
  return [
    html`${textOf(item, 'Name')}${item.Sku !== null && html` <span class="muted">(${textOf(item, 'Sku')})</span>`}`,
    quantityCell,
    formatMoney(item.SalesPrice, currency),
    formatMoney(item.TotalAdjustmentAmount, currency),
    formatMoney(item.TotalPrice, currency),
    isProduct && isEditable
      ? html`<form method="post" action="${`${cartUrl(textOf(view.cart, 'Id'))}/items/${item.Id}/remove`}">
          ${csrfInput(user)}
          <button type="submit" class="danger">
            Remove<span class="visually-hidden"> ${textOf(item, 'Name')}</span>
          </button>
        </form>`
      : '',
  ];
}

export function renderTotals(cart: ApiRecord): SafeHtml {
  const currency = cart.CurrencyIsoCode;
  return html`<dl class="facts totals" aria-label="Totals">
    <dt>Products</dt>
    <dd>${formatMoney(cart.TotalProductAmount, currency)}</dd>
    <dt>Discounts</dt>
    <dd>${formatMoney(cart.TotalAdjustmentAmount, currency)}</dd>
    <dt>Delivery</dt>
    <dd>${formatMoney(cart.TotalChargeAmount, currency)}</dd>
    <dt>Tax</dt>
    <dd>${formatMoney(cart.TotalTaxAmount, currency)}</dd>
    <dt>Total</dt>
    <dd><strong>${formatMoney(cart.GrandTotalAmount, currency)}</strong></dd>
  </dl>`;
}

export function renderCartPage(view: CartView, user: WebUser, error?: string): SafeHtml {
  const { cart, items, coupons, session } = view;
  const cartId = textOf(cart, 'Id');
  const status = textOf(cart, 'Status');
  const isEditable = status === 'Active' || status === 'Checkout';
  return html` ${
      error !== undefined &&
      html`<div class="alert" role="alert" id="cart-error">
        <h2>Not changed</h2>
        <p>${error}</p>
      </div>`
    }
    ${renderOutputs(view.outputs, items)}
    <p>
      Status: <strong>${status}</strong>${
        session !== null &&
        html` · a checkout is in progress (${textOf(session, 'State')}).
          <a href="${`${cartUrl(cartId)}/checkout`}">Continue the checkout</a>; changing what the cart buys cancels it.`
      }${status === 'Closed' && html` · <a href="${`${cartUrl(cartId)}/checkout`}">See the order</a>`}
    </p>
    ${renderDataTable({
      caption: 'Lines',
      columns: [
        { label: 'Product', isRowHeader: true },
        { label: 'Quantity' },
        { label: 'Unit price', isNumeric: true },
        { label: 'Discount', isNumeric: true },
        { label: 'Line total', isNumeric: true },
        { label: html`<span class="visually-hidden">Actions</span>` },
      ],
      rows: items.map((item) => itemCells(view, item, user, isEditable)),
    })}
    ${items.length === 0 && html`<p>This cart is empty.</p>`}
    <p class="muted">Prices, discounts, delivery and tax are computed during checkout.</p>
    ${renderTotals(cart)}
    <h2>Coupons</h2>
    ${coupons.length === 0 ? html`<p>No coupon applied.</p>` : html``}
    <ul>
      ${coupons.map(
        (coupon) =>
          html`<li>
            ${textOf(coupon, 'CouponCode')}
            ${
              isEditable &&
              html`<form method="post" action="${`${cartUrl(cartId)}/coupons/${coupon.Id}/remove`}" class="inline">
                ${csrfInput(user)}<button type="submit" class="link">
                  Remove coupon ${textOf(coupon, 'CouponCode')}
                </button>
              </form>`
            }
          </li>`,
      )}
    </ul>
    ${
      isEditable &&
      html`<form method="post" action="${`${cartUrl(cartId)}/coupons`}" class="inline">
        ${csrfInput(user)}
        <label for="coupon-code">Coupon code</label>
        <input id="coupon-code" name="couponCode" type="text" maxlength="80" required />
        <button type="submit" class="secondary">Apply coupon</button>
      </form>`
    }
    ${
      isEditable &&
      items.length > 0 &&
      html`<form method="post" action="${`${cartUrl(cartId)}/checkout`}" class="actions">
        ${csrfInput(user)}
        <button type="submit">${session === null ? 'Checkout' : 'Continue checkout'}</button>
      </form>`
    }`;
}
