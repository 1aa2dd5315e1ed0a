/** The markup of the operations console. */
import { formatQuantity } from '../domain/quantity.js';
import { formatDuration, formatMoney, formatTime, millisecondsBetween } from './format.js';
import { html, type SafeHtml } from './html.js';
import { textOf, type ApiRecord } from './query-as.js';
import { columnChart, durationChart, type Bar, type DurationBar } from './svg-charts.js';

export interface SessionFilters {
  readonly store: string;
  readonly state: string;
  readonly error: '' | 'yes' | 'no';
  readonly processing: '' | 'yes' | 'no';
  readonly ageMinutes: number | null;
}

export const consoleNav = html`<nav aria-label="Console">
  <ul>
    <li><a href="/console">Overview</a></li>
    <li><a href="/console/sessions">Sessions</a></li>
    <li><a href="/console/operations">Operations</a></li>
    <li><a href="/console/orders">Orders</a></li>
    <li><a href="/console/stock">Stock</a></li>
    <li><a href="/console/flows">Flows</a></li>
  </ul>
</nav>`;

const sessionUrl = (id: unknown) => `/console/sessions/${encodeURIComponent(String(id))}`;
const yesNo = (value: unknown) => (value === true ? 'yes' : 'no');
const parentText = (record: ApiRecord, parent: string, field: string) =>
  textOf(record[parent] as Record<string, unknown> | null, field);

export function renderConsoleHome(data: {
  perMinute: readonly Bar[];
  durations: readonly DurationBar[];
  counts: { running: number; waiting: number; retrying: number; failed: number };
}): SafeHtml {
  const { counts } = data;
  const total = data.perMinute.reduce((sum, bar) => sum + bar.value, 0);
  return html`${consoleNav}
    <dl class="facts" aria-label="Operations now">
      <dt>Running</dt>
      <dd>${counts.running}</dd>
      <dt>Waiting for a worker</dt>
      <dd>${counts.waiting}</dd>
      <dt>Retrying</dt>
      <dd>${counts.retrying}</dd>
      <dt>Failed</dt>
      <dd><a href="/console/operations">${counts.failed}</a></dd>
    </dl>
    <div class="charts">
      <figure>
        <figcaption>Checkouts per minute (orders created, last 30 minutes: ${total})</figcaption>
        ${columnChart('Checkouts per minute', `Orders created in each of the last 30 minutes; ${total} in all.`, data.perMinute)}
      </figure>
      <figure>
        <figcaption>Step durations, p50 and p99 (last hour)</figcaption>
        ${durationChart('Step durations', 'Median and 99th percentile duration of each completed step type.', data.durations)}
      </figure>
    </div>
    <table>
      <caption>
        Step durations (completed in the last hour)
      </caption>
      <thead>
        <tr>
          <th scope="col">Step</th>
          <th scope="col" class="num">p50</th>
          <th scope="col" class="num">p99</th>
        </tr>
      </thead>
      <tbody>
        ${data.durations.map(
          (row) =>
            html`<tr>
              <th scope="row">${row.label}</th>
              <td class="num">${formatDuration(row.p50Ms)}</td>
              <td class="num">${formatDuration(row.p99Ms)}</td>
            </tr>`,
        )}
      </tbody>
    </table>`;
}

function choice(name: string, label: string, value: string): SafeHtml {
  return html`<div class="field">
    <label for="${`filter-${name}`}">${label}</label>
    <select id="${`filter-${name}`}" name="${name}">
      <option value="" ${value === '' && html`selected`}>any</option>
      <option value="yes" ${value === 'yes' && html`selected`}>yes</option>
      <option value="no" ${value === 'no' && html`selected`}>no</option>
    </select>
  </div>`;
}

export function renderSessions(
  sessions: readonly ApiRecord[],
  stores: readonly ApiRecord[],
  filters: SessionFilters,
): SafeHtml {
  return html`${consoleNav}
    <form method="get" action="/console/sessions" class="filters" aria-label="Filter sessions">
      <div class="field">
        <label for="filter-store">Store</label>
        <select id="filter-store" name="store">
          <option value="">any</option>
          ${stores.map((store) => html`<option value="${store.Id}" ${filters.store === store.Id && html`selected`}>${textOf(store, 'Name')}</option>`)}
        </select>
      </div>
      <div class="field">
        <label for="filter-state">State</label>
        <input id="filter-state" name="state" type="text" maxlength="30" value="${filters.state}" />
      </div>
      ${choice('error', 'In error', filters.error)} ${choice('processing', 'Processing', filters.processing)}
      <div class="field">
        <label for="filter-age">Created in the last (minutes)</label>
        <input id="filter-age" name="age" type="number" min="1" value="${filters.ageMinutes ?? ''}" />
      </div>
      <button type="submit">Filter</button>
    </form>
    <table>
      <caption>
        ${sessions.length} session${sessions.length === 1 ? '' : 's'}, newest first
      </caption>
      <thead>
        <tr>
          <th scope="col">Session</th>
          <th scope="col">Cart</th>
          <th scope="col">State</th>
          <th scope="col">Processing</th>
          <th scope="col">Error</th>
          <th scope="col">Archived</th>
          <th scope="col">Created</th>
        </tr>
      </thead>
      <tbody>
        ${sessions.map(
          (session) =>
            html`<tr>
              <td><a href="${sessionUrl(session.Id)}">${textOf(session, 'Name')}</a></td>
              <td>${parentText(session, 'WebCart', 'Name')}</td>
              <td>
                ${textOf(session, 'State')}${session.NextState !== null && html` → ${textOf(session, 'NextState')}`}
              </td>
              <td>${yesNo(session.IsProcessing)}</td>
              <td>${yesNo(session.IsError)}</td>
              <td>${yesNo(session.IsArchived)}</td>
              <td>${formatTime(session.CreatedDate)}</td>
            </tr>`,
        )}
      </tbody>
    </table>`;
}

function operationsTable(caption: string, operations: readonly ApiRecord[]): SafeHtml {
  return html`<table>
      <caption>
        ${caption}
      </caption>
      <thead>
        <tr>
          <th scope="col">Step</th>
          <th scope="col">Status</th>
          <th scope="col">Worker</th>
          <th scope="col" class="num">Attempts</th>
          <th scope="col">Submitted</th>
          <th scope="col" class="num">Duration</th>
          <th scope="col">Error</th>
          <th scope="col">Session</th>
        </tr>
      </thead>
      <tbody>
        ${operations.map(
          (operation) =>
            html`<tr>
              <th scope="row">${textOf(operation, 'Type')}</th>
              <td>${textOf(operation, 'Status')}</td>
              <td>${textOf(operation, 'WorkerUri')}</td>
              <td class="num">${Number(operation.RetryCount ?? 0) + 1} of ${Number(operation.RetryLimit ?? 0) + 1}</td>
              <td>${formatTime(operation.SubmittedAt)}</td>
              <td class="num">${formatDuration(millisecondsBetween(operation.StartedAt, operation.FinishedAt))}</td>
              <td>
                ${textOf(operation, 'Error')}${operation.ErrorDetail !== null && operation.ErrorDetail !== undefined && html`<br /><span class="muted">${textOf(operation, 'ErrorDetail')}</span>`}
              </td>
              <td>
                ${operation.CheckoutSessionId !== null && html`<a href="${sessionUrl(operation.CheckoutSessionId)}">session</a>`}
              </td>
            </tr>`,
        )}
      </tbody>
    </table>
    ${operations.length === 0 && html`<p class="muted">None.</p>`}`;
}

export function renderSessionPage(
  session: ApiRecord,
  operations: readonly ApiRecord[],
  outputs: readonly ApiRecord[],
  order: ApiRecord | null,
): SafeHtml {
  return html`${consoleNav}
    <dl class="facts">
      <dt>Id</dt>
      <dd>${session.Id}</dd>
      <dt>Cart</dt>
      <dd>
        ${parentText(session, 'WebCart', 'Name')} (${textOf(session, 'WebCartId')},
        ${parentText(session, 'WebCart', 'Status')})
      </dd>
      <dt>State</dt>
      <dd>${textOf(session, 'State')}${session.NextState !== null && html` → ${textOf(session, 'NextState')}`}</dd>
      <dt>Processing</dt>
      <dd>${yesNo(session.IsProcessing)}</dd>
      <dt>Error</dt>
      <dd>${yesNo(session.IsError)}</dd>
      <dt>Archived</dt>
      <dd>${yesNo(session.IsArchived)}</dd>
      <dt>Created</dt>
      <dd>${formatTime(session.CreatedDate)}</dd>
      <dt>Last changed</dt>
      <dd>${formatTime(session.LastModifiedDate)}</dd>
      <dt>Order</dt>
      <dd>
        ${order === null ? 'none' : `${textOf(order, 'OrderNumber')} (${textOf(order, 'Status')}, ${formatMoney(order.GrandTotalAmount, order.CurrencyIsoCode)})`}
      </dd>
    </dl>
    <h2>Operations</h2>
    ${operationsTable('Background operations of this session, in order', operations)}
    <h2>Validation outputs</h2>
    <table>
      <caption>
        Messages written about the cart
      </caption>
      <thead>
        <tr>
          <th scope="col">Level</th>
          <th scope="col">Type</th>
          <th scope="col">Message</th>
          <th scope="col">Written</th>
        </tr>
      </thead>
      <tbody>
        ${outputs.map(
          (output) =>
            html`<tr>
              <td>${textOf(output, 'Level')}</td>
              <td>${textOf(output, 'Type')}</td>
              <td>${textOf(output, 'Message')}</td>
              <td>${formatTime(output.CreatedDate)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    ${outputs.length === 0 && html`<p class="muted">None.</p>`}`;
}

/** `?status=` of the operations page: every group, or only the failed or the retrying ones. */
export type OperationsFilter = '' | 'failed' | 'retrying';

export function renderOperations(
  groups: {
    running: readonly ApiRecord[];
    retrying: readonly ApiRecord[];
    waiting: readonly ApiRecord[];
    failed: readonly ApiRecord[];
  },
  filter: OperationsFilter = '',
): SafeHtml {
  const filters = html`<p>
    Show: <a href="/console/operations">all</a> · <a href="/console/operations?status=retrying">retrying</a> ·
    <a href="/console/operations?status=failed">failed</a>
  </p>`;
  if (filter === 'failed') {
    return html`${consoleNav}${filters}
      <h2>Failed</h2>
      ${operationsTable('Failed (most recent first)', groups.failed)}`;
  }
  if (filter === 'retrying') {
    return html`${consoleNav}${filters}
      <h2>Retrying</h2>
      ${operationsTable('Failed at least once, to be run again', groups.retrying)}`;
  }
  return html`${consoleNav}${filters}
    <h2>Running</h2>
    ${operationsTable('Running now', groups.running)}
    <h2>Retrying</h2>
    ${operationsTable('Failed at least once, to be run again', groups.retrying)}
    <h2>Waiting</h2>
    ${operationsTable('Waiting for a worker', groups.waiting)}
    <h2>Failed</h2>
    ${operationsTable('Failed (most recent first)', groups.failed)}`;
}

export function renderOrders(orders: readonly ApiRecord[], summaries: readonly ApiRecord[]): SafeHtml {
  const summaryOf = (orderId: string) => summaries.find((summary) => summary.OriginalOrderId === orderId);
  return html`${consoleNav}
    <table>
      <caption>
        Orders, newest first
      </caption>
      <thead>
        <tr>
          <th scope="col">Order</th>
          <th scope="col">Status</th>
          <th scope="col">Account</th>
          <th scope="col">PO</th>
          <th scope="col" class="num">Total</th>
          <th scope="col">Summary</th>
          <th scope="col">Created</th>
        </tr>
      </thead>
      <tbody>
        ${orders.map((order) => {
          const summary = summaryOf(order.Id);
          return html`<tr>
            <th scope="row">${textOf(order, 'OrderNumber')}</th>
            <td>${textOf(order, 'Status')}</td>
            <td>${parentText(order, 'Account', 'Name')}</td>
            <td>${textOf(order, 'PoNumber')}</td>
            <td class="num">${formatMoney(order.GrandTotalAmount, order.CurrencyIsoCode)}</td>
            <td>
              ${summary === undefined ? 'none' : `${textOf(summary, 'Status')}, ${textOf(summary, 'OrderLifeCycleType')}`}
            </td>
            <td>${formatTime(order.CreatedDate)}</td>
          </tr>`;
        })}
      </tbody>
    </table>`;
}

export function renderStock(
  levels: readonly ApiRecord[],
  reservations: readonly { cartId: string; orderId: string; sku: string | null; quantityTenThousandths: number }[],
): SafeHtml {
  return html`${consoleNav}
    <table>
      <caption>
        Stock levels
      </caption>
      <thead>
        <tr>
          <th scope="col">Product</th>
          <th scope="col">SKU</th>
          <th scope="col" class="num">On hand</th>
          <th scope="col" class="num">Reserved</th>
          <th scope="col" class="num">Sold</th>
        </tr>
      </thead>
      <tbody>
        ${levels.map(
          (level) =>
            html`<tr>
              <th scope="row">${parentText(level, 'Product2', 'Name')}</th>
              <td>${parentText(level, 'Product2', 'StockKeepingUnit')}</td>
              <td class="num">${String(level.QuantityOnHand)}</td>
              <td class="num">${String(level.QuantityReserved)}</td>
              <td class="num">${String(level.QuantitySold)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    <table>
      <caption>
        Reservations holding stock
      </caption>
      <thead>
        <tr>
          <th scope="col">Order</th>
          <th scope="col">Cart</th>
          <th scope="col">SKU</th>
          <th scope="col" class="num">Quantity</th>
        </tr>
      </thead>
      <tbody>
        ${reservations.map(
          (reservation) =>
            html`<tr>
              <td>${reservation.orderId}</td>
              <td>${reservation.cartId}</td>
              <td>${reservation.sku ?? ''}</td>
              <td class="num">${formatQuantity(Number(reservation.quantityTenThousandths))}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    ${reservations.length === 0 && html`<p class="muted">No stock is reserved.</p>`}`;
}
