/**
 * The checkout event log is a checkout's whole story: after a full checkout, its events read
 * back through SOQL in sequence order show every transition and every operation (enqueued,
 * claimed by a worker, finished with a duration) in the order they happened. A buyer reads its
 * own checkout's events but not the worker, and no event of another buyer's checkout.
 */
/* eslint-disable @typescript-eslint/no-unsafe-member-access -- response bodies are untyped JSON */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purgeExpiredRows } from '../src/operations/purge-expired-rows.js';
import { createCart } from '../src/seed/create-cart.js';
import { startHttpTestServer, type HttpTestServer } from './support/http-test-server.js';
import { runFullCheckout } from './support/run-full-checkout.js';

let server: HttpTestServer;
let cartId = '';

interface EventRecord {
  EventType: string;
  FromState: string | null;
  ToState: string | null;
  BackgroundOperationId: string | null;
  OperationType: string | null;
  Worker: string | null;
  DurationMs: number | null;
  Outcome: string | null;
  SequenceNumber: number;
}

const query = async (token: string, soql: string) =>
  server.request('GET', `/services/data/v62.0/query?q=${encodeURIComponent(soql)}`, { token });

beforeAll(async () => {
  server = await startHttpTestServer();
  const buyer = server.store.buyers[0]!;
  const [widget] = server.store.products;
  ({ cartId } = await createCart(server.engine.store.db, server.store.storeId, buyer, [
    { product: widget!, quantity: 2 },
  ]));
  const outcome = await runFullCheckout(server.engine, cartId, buyer.userId);
  expect(outcome.isError, JSON.stringify(outcome)).toBe(false);
  await server.engine.settle();
});
afterAll(() => server.dispose());

const fields =
  'EventType, FromState, ToState, BackgroundOperationId, OperationType, Worker, DurationMs, Outcome, SequenceNumber';

describe('the checkout event log', () => {
  it('replays a whole checkout: every transition and operation, in order, each operation claimed by a worker and timed', async () => {
    const response = await query(
      server.adminToken,
      `SELECT ${fields} FROM CheckoutEvent WHERE WebCartId = '${cartId}' ORDER BY SequenceNumber`,
    );
    expect(response.status, response.text).toBe(200);
    const events = response.body.records as EventRecord[];
    const types = events.map((event) => event.EventType);
    expect(types[0]).toBe('SessionCreated');

    // Every transition the session went through: requested, then applied, in the checkout's order.
    const requested = events.filter((event) => event.EventType === 'TransitionRequested');
    expect(requested.map((event) => `${event.FromState}→${event.ToState}`)).toEqual([
      'Start→Inventory',
      'Inventory→Cart To Order',
      'Cart To Order→Activate Order',
    ]);
    const applied = events.filter((event) => event.EventType === 'TransitionApplied' && event.Outcome !== 'Archived');
    expect(applied.map((event) => event.ToState)).toEqual(['Inventory', 'Cart To Order']);
    for (const transition of requested) {
      const at = events.indexOf(transition);
      expect(
        events
          .slice(at + 1)
          .some((event) => event.EventType === 'TransitionApplied' && event.ToState === transition.ToState) ||
          transition.ToState === 'Activate Order',
      ).toBe(true);
    }

    // Every operation the cart ran: enqueued, claimed by a worker, finished with a duration, in that order.
    const operations = await server.engine.store.db
      .selectFrom('background_operation')
      .select(['id', 'type', 'status'])
      .where('web_cart_id', '=', cartId)
      .execute();
    expect(operations.map((operation) => operation.type)).toEqual(
      expect.arrayContaining(['CheckInventory', 'CartToOrder', 'ActivateOrder']),
    );
    for (const operation of operations) {
      const own = events.filter((event) => event.BackgroundOperationId === operation.id);
      const steps = own.map((event) => event.EventType).filter((type) => type.startsWith('Operation'));
      expect(steps, operation.type).toEqual(['OperationEnqueued', 'OperationClaimed', 'OperationFinished']);
      const finished = own.find((event) => event.EventType === 'OperationFinished')!;
      expect(finished.Outcome).toBe(operation.status);
      expect(finished.Worker).toMatch(/:(worker-\d+|inline)$/);
      expect(finished.DurationMs).toBeGreaterThanOrEqual(0);
    }
    expect(events.filter((event) => event.EventType === 'ProviderCall').map((event) => event.Outcome)).toContain(
      'Success',
    );
    expect(types).toEqual(expect.arrayContaining(['OrderCreated', 'OrderActivated']));
    // Sequence numbers only grow.
    const numbers = events.map((event) => event.SequenceNumber);
    expect([...numbers].sort((a, b) => a - b)).toEqual(numbers);
  });

  it("shows a buyer its own checkout's events without the worker, and another buyer none", async () => {
    const own = await query(
      server.buyerTokens[0]!,
      `SELECT EventType FROM CheckoutEvent WHERE WebCartId = '${cartId}'`,
    );
    expect(own.status, own.text).toBe(200);
    expect(own.body.totalSize).toBeGreaterThan(5);
    const worker = await query(server.buyerTokens[0]!, 'SELECT Worker FROM CheckoutEvent');
    expect(worker.status).toBe(400);
    const other = await query(
      server.buyerTokens[1]!,
      `SELECT EventType FROM CheckoutEvent WHERE WebCartId = '${cartId}'`,
    );
    expect(other.status, other.text).toBe(200);
    expect(other.body.totalSize).toBe(0);
    const write = await server.request('POST', '/services/data/v62.0/sobjects/CheckoutEvent', {
      token: server.adminToken,
      body: { EventType: 'Canceled' },
    });
    expect(write.status).toBeGreaterThanOrEqual(400);
  });

  it('is purged past its age, and kept before it', async () => {
    const count = async () =>
      (
        await server.engine.store.db
          .selectFrom('checkout_event')
          .select('id')
          .where('web_cart_id', '=', cartId)
          .execute()
      ).length;
    const before = await count();
    await purgeExpiredRows(server.engine.store, { checkoutEventAgeMs: 24 * 60 * 60 * 1000 });
    expect(await count()).toBe(before);
    await purgeExpiredRows(server.engine.store, { checkoutEventAgeMs: -60_000 });
    expect(await count()).toBe(0);
  });
});
