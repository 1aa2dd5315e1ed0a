/** The markup of the operations console. */
import { formatQuantity } from '../domain/quantity.js';
import { renderDataTable } from './data-table.js';
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
    ${renderDataTable({
      caption: 'Step durations (completed in the last hour)',
      columns: [
        { label: 'Step', isRowHeader: true },
        { label: 'p50', isNumeric: true },
        { label: 'p99', isNumeric: true },
      ],
      rows: data.durations.map((row) => [row.label, formatDuration(row.p50Ms), formatDuration(row.p99Ms)]),
    })}`;
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
    ${renderDataTable({
      caption: `${sessions.length} session${sessions.length === 1 ? '' : 's'}, newest first`,
      columns: [
        { label: 'Session' },
        { label: 'Cart' },
        { label: 'State' },
        { label: 'Processing' },
        { label: 'Error' },
        { label: 'Archived' },
        { label: 'Created' },
      ],
      rows: sessions.map((session) => [
        html`<a href="${sessionUrl(session.Id)}">${textOf(session, 'Name')}</a>`,
        parentText(session, 'WebCart', 'Name'),
        html`${textOf(session, 'State')}${session.NextState !== null && html` → ${textOf(session, 'NextState')}`}`,
        yesNo(session.IsProcessing),
        yesNo(session.IsError),
        yesNo(session.IsArchived),
        formatTime(session.CreatedDate),
      ]),
    })}`;
}

function operationsTable(caption: string, operations: readonly ApiRecord[]): SafeHtml {
  return renderDataTable({
    caption,
    columns: [
      { label: 'Step', isRowHeader: true },
      { label: 'Status' },
      { label: 'Worker' },
      { label: 'Attempts', isNumeric: true },
      { label: 'Submitted' },
      { label: 'Duration', isNumeric: true },
      { label: 'Error' },
      { label: 'Session' },
    ],
    rows: operations.map((operation) => [
      textOf(operation, 'Type'),
      textOf(operation, 'Status'),
      textOf(operation, 'WorkerUri'),
      `${Number(operation.RetryCount ?? 0) + 1} of ${Number(operation.RetryLimit ?? 0) + 1}`,
      formatTime(operation.SubmittedAt),
      formatDuration(millisecondsBetween(operation.StartedAt, operation.FinishedAt)),
      html`${textOf(operation, 'Error')}${operation.ErrorDetail !== null && operation.ErrorDetail !== undefined && html`<br /><span class="muted">${textOf(operation, 'ErrorDetail')}</span>`}`,
      operation.CheckoutSessionId !== null
        ? html`<a href="${sessionUrl(operation.CheckoutSessionId)}">session</a>`
        : '',
    ]),
    emptyText: 'None.',
  });
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
    ${renderDataTable({
      caption: 'Messages written about the cart',
      columns: [{ label: 'Level' }, { label: 'Type' }, { label: 'Message' }, { label: 'Written' }],
      rows: outputs.map((output) => [
        textOf(output, 'Level'),
        textOf(output, 'Type'),
        textOf(output, 'Message'),
        formatTime(output.CreatedDate),
      ]),
      emptyText: 'None.',
    })}`;
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
  ${renderDataTable({
    caption: 'Orders, newest first',
    columns: [
      { label: 'Order', isRowHeader: true },
      { label: 'Status' },
      { label: 'Account' },
      { label: 'PO' },
      { label: 'Total', isNumeric: true },
      { label: 'Summary' },
      { label: 'Created' },
    ],
    rows: orders.map((order) => {
      const summary = summaryOf(order.Id);
      return [
        textOf(order, 'OrderNumber'),
        textOf(order, 'Status'),
        parentText(order, 'Account', 'Name'),
        textOf(order, 'PoNumber'),
        formatMoney(order.GrandTotalAmount, order.CurrencyIsoCode),
        summary === undefined ? 'none' : `${textOf(summary, 'Status')}, ${textOf(summary, 'OrderLifeCycleType')}`,
        formatTime(order.CreatedDate),
      ];
    }),
  })}`;
}

export function renderStock(
  levels: readonly ApiRecord[],
  reservations: readonly { cartId: string; orderId: string; sku: string | null; quantityTenThousandths: number }[],
): SafeHtml {
  return html`${consoleNav}
  ${renderDataTable({
    caption: 'Stock levels',
    columns: [
      { label: 'Product', isRowHeader: true },
      { label: 'SKU' },
      { label: 'On hand', isNumeric: true },
      { label: 'Reserved', isNumeric: true },
      { label: 'Sold', isNumeric: true },
    ],
    rows: levels.map((level) => [
      parentText(level, 'Product2', 'Name'),
      parentText(level, 'Product2', 'StockKeepingUnit'),
      String(level.QuantityOnHand),
      String(level.QuantityReserved),
      String(level.QuantitySold),
    ]),
  })}
  ${renderDataTable({
    caption: 'Reservations holding stock',
    columns: [{ label: 'Order' }, { label: 'Cart' }, { label: 'SKU' }, { label: 'Quantity', isNumeric: true }],
    rows: reservations.map((reservation) => [
      reservation.orderId,
      reservation.cartId,
      reservation.sku ?? '',
      formatQuantity(Number(reservation.quantityTenThousandths)),
    ]),
    emptyText: 'No stock is reserved.',
  })}`;
}
