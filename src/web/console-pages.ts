/**
 * The operations console (administrators and integrators): sessions with filters, one
 * session with its operations and validation outputs, running / retrying / failed operations,
 * orders with their summaries, stock with its reservations, and charts of checkouts per minute
 * and step durations. It reads what the REST API reads (records through SOQL, as the signed-in
 * user) plus the stock reservations, which have no sObject, and the charts' figures, which
 * come from the module `/metrics` reports them from (store/checkout-figures.ts).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Engine } from '../engine.js';
import { notFound } from '../http/api-error.js';
import { listFlowVersions } from '../flows/flow-definitions.js';
import { listHeldReservations } from '../providers/inventory/stock.js';
import { readCheckoutFigures } from '../store/checkout-figures.js';
import { renderFlows } from './console-flow-views.js';
import {
  renderConsoleHome,
  renderOperations,
  renderOrders,
  renderSessionPage,
  renderSessions,
  renderStock,
  type OperationsFilter,
  type SessionFilters,
} from './console-views.js';
import { renderTimeline } from './console-timeline-views.js';
import { html } from './html.js';
import { renderPage } from './page-layout.js';
import { queryAs, queryOneAs, soqlText, textOf } from './query-as.js';
import { sendPage } from './register-web.js';
import { type DurationBar } from './svg-charts.js';
import { requireInternal } from './web-request.js';

const operationFields =
  'Id, Type, Status, WebCartId, CheckoutSessionId, WorkerUri, RetryCount, RetryLimit, SubmittedAt, StartedAt, FinishedAt, Error, ErrorDetail';

/** A SOQL date-time literal `minutes` before now. */
function minutesAgo(minutes: number): string {
  return new Date(Date.now() - minutes * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function filtersOf(request: FastifyRequest): SessionFilters {
  const query = request.query as Record<string, unknown>;
  const text = (name: string, max: number) => {
    const value = query[name];
    return typeof value === 'string' ? value.trim().slice(0, max) : '';
  };
  const flag = (name: string) => {
    const value = text(name, 3);
    return value === 'yes' || value === 'no' ? value : '';
  };
  const age = Number(text('age', 6));
  return {
    store: text('store', 18),
    state: text('state', 30),
    error: flag('error'),
    processing: flag('processing'),
    ageMinutes: Number.isInteger(age) && age > 0 ? age : null,
  };
}

function sessionConditions(filters: SessionFilters): string[] {
  const conditions: string[] = [];
  if (filters.store !== '') conditions.push(`WebCart.WebStoreId = ${soqlText(filters.store)}`);
  if (filters.state !== '') conditions.push(`State = ${soqlText(filters.state)}`);
  if (filters.error !== '') conditions.push(`IsError = ${filters.error === 'yes'}`);
  if (filters.processing !== '') conditions.push(`IsProcessing = ${filters.processing === 'yes'}`);
  if (filters.ageMinutes !== null) conditions.push(`CreatedDate >= ${minutesAgo(filters.ageMinutes)}`);
  return conditions;
}

export function registerConsolePages(app: FastifyInstance, engine: Engine): void {
  const { store } = engine;

  app.get('/console', async (request, reply) => {
    const user = requireInternal(request);
    const [figures, live] = await Promise.all([
      // The figures /metrics reports, from the same module: the chart and a scrape agree.
      readCheckoutFigures(store.db),
      queryAs(
        store,
        user.caller,
        `SELECT Id, Type, Status, RetryCount FROM BackgroundOperation WHERE Status IN ('New', 'Running', 'Error') LIMIT 2000`,
      ),
    ]);
    const perMinute = figures.ordersPerMinute.map((row) => ({ label: row.minute.slice(11, 16), value: row.orders }));
    const durations: DurationBar[] = figures.stepDurations.map((row) => ({
      label: row.type,
      p50Ms: row.p50Ms,
      p99Ms: row.p99Ms,
    }));
    const counts = {
      running: live.filter((operation) => operation.Status === 'Running').length,
      waiting: live.filter((operation) => operation.Status === 'New').length,
      retrying: live.filter((operation) => operation.Status !== 'Error' && Number(operation.RetryCount) > 0).length,
      failed: live.filter((operation) => operation.Status === 'Error').length,
    };
    const body = renderConsoleHome({ perMinute, durations, counts });
    return sendPage(reply, renderPage({ title: 'Operations console', user, body }));
  });

  app.get('/console/sessions', async (request, reply) => {
    const user = requireInternal(request);
    const filters = filtersOf(request);
    const conditions = sessionConditions(filters);
    const [sessions, stores] = await Promise.all([
      queryAs(
        store,
        user.caller,
        `SELECT Id, Name, State, NextState, IsProcessing, IsError, IsArchived, WebCartId, WebCart.Name, WebCart.WebStoreId, CreatedDate, LastModifiedDate
           FROM CartCheckoutSession ${conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`}
           ORDER BY CreatedDate DESC LIMIT 200`,
      ),
      queryAs(store, user.caller, 'SELECT Id, Name FROM WebStore ORDER BY Name LIMIT 200'),
    ]);
    const body = renderSessions(sessions, stores, filters);
    return sendPage(reply, renderPage({ title: 'Checkout sessions', user, body }));
  });

  app.get<{ Params: { sessionId: string } }>('/console/sessions/:sessionId', async (request, reply) => {
    const user = requireInternal(request);
    const id = soqlText(request.params.sessionId);
    const session = await queryOneAs(
      store,
      user.caller,
      `SELECT Id, Name, State, NextState, IsProcessing, IsError, IsArchived, WebCartId, WebCart.Name, WebCart.Status,
         BackgroundOperationId, OrderId, CreatedDate, LastModifiedDate FROM CartCheckoutSession WHERE Id = ${id}`,
    );
    if (session === null) throw notFound('No such checkout session');
    const cartId = soqlText(textOf(session, 'WebCartId'));
    const [operations, outputs, orders, events] = await Promise.all([
      queryAs(
        store,
        user.caller,
        `SELECT ${operationFields} FROM BackgroundOperation WHERE CheckoutSessionId = ${id} ORDER BY SubmittedAt`,
      ),
      queryAs(
        store,
        user.caller,
        `SELECT Id, Level, Type, Message, Name, CreatedDate FROM CartValidationOutput WHERE CartId = ${cartId} ORDER BY CreatedDate`,
      ),
      session.OrderId === null
        ? Promise.resolve([])
        : queryAs(
            store,
            user.caller,
            `SELECT Id, OrderNumber, Status, GrandTotalAmount, CurrencyIsoCode FROM Order WHERE Id = ${soqlText(textOf(session, 'OrderId'))}`,
          ),
      queryAs(
        store,
        user.caller,
        `SELECT SequenceNumber, EventType, OperationType, FromState, ToState, Worker, DurationMs, Outcome, Detail,
           CreatedDate FROM CheckoutEvent WHERE CheckoutSessionId = ${id} ORDER BY SequenceNumber LIMIT 200`,
      ),
    ]);
    const body = html`${renderSessionPage(session, operations, outputs, orders[0] ?? null)}${renderTimeline(events)}`;
    return sendPage(reply, renderPage({ title: `Checkout session ${textOf(session, 'Name')}`, user, body }));
  });

  app.get('/console/operations', async (request, reply) => {
    const user = requireInternal(request);
    const [live, failed] = await Promise.all([
      queryAs(
        store,
        user.caller,
        `SELECT ${operationFields} FROM BackgroundOperation WHERE Status IN ('New', 'Running') ORDER BY SubmittedAt LIMIT 500`,
      ),
      queryAs(
        store,
        user.caller,
        `SELECT ${operationFields} FROM BackgroundOperation WHERE Status = 'Error' ORDER BY SubmittedAt DESC LIMIT 200`,
      ),
    ]);
    const running = live.filter((operation) => operation.Status === 'Running' && Number(operation.RetryCount) === 0);
    const retrying = live.filter((operation) => Number(operation.RetryCount) > 0);
    const waiting = live.filter((operation) => operation.Status === 'New' && Number(operation.RetryCount) === 0);
    const status = (request.query as Record<string, unknown>).status;
    const filter: OperationsFilter = status === 'failed' || status === 'retrying' ? status : '';
    const body = renderOperations({ running, retrying, waiting, failed }, filter);
    return sendPage(reply, renderPage({ title: 'Background operations', user, body }));
  });

  app.get('/console/orders', async (request, reply) => {
    const user = requireInternal(request);
    const [orders, summaries] = await Promise.all([
      queryAs(
        store,
        user.caller,
        'SELECT Id, OrderNumber, Status, AccountId, Account.Name, PoNumber, GrandTotalAmount, CurrencyIsoCode, CreatedDate FROM Order ORDER BY CreatedDate DESC LIMIT 200',
      ),
      queryAs(
        store,
        user.caller,
        'SELECT Id, OriginalOrderId, Status, OrderLifeCycleType, GrandTotalAmount FROM OrderSummary ORDER BY CreatedDate DESC LIMIT 400',
      ),
    ]);
    const body = renderOrders(orders, summaries);
    return sendPage(reply, renderPage({ title: 'Orders', user, body }));
  });

  app.get('/console/stock', async (request, reply) => {
    const user = requireInternal(request);
    const [levels, reservations] = await Promise.all([
      queryAs(
        store,
        user.caller,
        'SELECT Id, Product2Id, Product2.Name, Product2.StockKeepingUnit, QuantityOnHand, QuantityReserved, QuantitySold FROM ProductInventory ORDER BY Product2Id LIMIT 500',
      ),
      listHeldReservations(store.db, 500),
    ]);
    const body = renderStock(levels, reservations);
    return sendPage(reply, renderPage({ title: 'Stock and reservations', user, body }));
  });

  app.get('/console/flows', async (request, reply) => {
    const user = requireInternal(request);
    const body = renderFlows(await listFlowVersions(store));
    return sendPage(reply, renderPage({ title: 'Flows', user, body }));
  });
}
