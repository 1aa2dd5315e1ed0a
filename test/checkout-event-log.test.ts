/**
 * The checkout event log is a checkout's whole story: after a full checkout, its events read
 * back through SOQL in sequence order show every transition and every operation (enqueued,
 * claimed by a worker, finished with a duration) in the order they happened. A buyer reads its
 * own checkout's events but not the worker, and no event of another buyer's checkout.
 */
/* eslint-disable @typescript-eslint/no-unsafe-member-access -- response bodies are untyped JSON */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkInventory } from '../src/operations/handlers/check-inventory.js';
import type { OperationHandler } from '../src/operations/operation-handler.js';
import { purgeExpiredRows } from '../src/operations/purge-expired-rows.js';
import { builtInCheckoutFlowApiName } from '../src/flows/provided-flow-files.js';
import { createCart } from '../src/seed/create-cart.js';
import { seedStandardSetup } from './support/checkout-setup.js';
import { driveCheckout } from './support/drive-checkout-flow.js';
import { httpInterviewClient } from './support/flow-contexts.js';
import { startHttpTestServer, type HttpTestServer } from './support/http-test-server.js';
import { runFullCheckout } from './support/run-full-checkout.js';
import { openTestEngine } from './support/test-engine.js';

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
  });

  it('refuses to create, change or delete an event through the API, even for an administrator', async () => {
    const rows = () =>
      server.engine.store.db.selectFrom('checkout_event').selectAll().orderBy('sequence_number').execute();
    const before = await rows();
    const path = '/services/data/v62.0/sobjects/CheckoutEvent';
    const created = await server.request('POST', path, { body: { EventType: 'Canceled', WebCartId: cartId } });
    expect(created.status).toBeGreaterThanOrEqual(400);
    const changed = await server.request('PATCH', `${path}/${before[0]!.id}`, { body: { Outcome: 'Forged' } });
    expect(changed.status).toBeGreaterThanOrEqual(400);
    const deleted = await server.request('DELETE', `${path}/${before[0]!.id}`);
    expect(deleted.status).toBeGreaterThanOrEqual(400);
    const byBuyer = await server.request('DELETE', `${path}/${before[0]!.id}`, { token: server.buyerTokens[0]! });
    expect(byBuyer.status).toBeGreaterThanOrEqual(400);
    expect(await rows()).toEqual(before);
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

describe('the checkout event log of a failing step', () => {
  it('shows each retry of an operation: claimed again, by which worker, with the failure message buyers read and its ref', async () => {
    let attempts = 0;
    const flaky: OperationHandler = {
      ...checkInventory,
      run(context, row) {
        attempts += 1;
        return attempts < 3 ? Promise.reject(new Error(`outage ${attempts}`)) : checkInventory.run(context, row);
      },
    };
    const test = await openTestEngine(undefined, { handlers: [flaky] });
    try {
      const buyer = test.store.buyers[0]!;
      const [widget] = test.store.products;
      const cart = await createCart(test.engine.store.db, test.store.storeId, buyer, [
        { product: widget!, quantity: 1 },
      ]);
      expect((await runFullCheckout(test.engine, cart.cartId, buyer.userId)).isError).toBe(false);
      await test.engine.settle();
      const events = await test.engine.store.db
        .selectFrom('checkout_event')
        .selectAll()
        .where('web_cart_id', '=', cart.cartId)
        .where('operation_type', '=', 'CheckInventory')
        .orderBy('sequence_number')
        .execute();
      expect(events.map((event) => event.event_type).filter((type) => type.startsWith('Operation'))).toEqual([
        'OperationEnqueued',
        'OperationClaimed',
        'OperationRetried',
        'OperationClaimed',
        'OperationRetried',
        'OperationClaimed',
        'OperationFinished',
      ]);
      const retries = events.filter((event) => event.event_type === 'OperationRetried');
      for (const retry of retries) {
        expect(retry.outcome).toMatch(/\(ref [0-9a-f]{8}\)/);
        expect(retry.worker).toEqual(expect.any(String));
        expect(retry.duration_ms).toBeGreaterThanOrEqual(0);
      }
      const attemptsSeen = events
        .filter((event) => event.event_type === 'OperationClaimed')
        .map((event) => (JSON.parse(event.detail!) as { attempt: number }).attempt);
      expect(attemptsSeen).toEqual([1, 2, 3]);
    } finally {
      await test.dispose();
    }
  });
});

describe('the checkout event log of a flow interview', () => {
  it('records each screen shown and submitted with its interview, and a stale tab records nothing', async () => {
    const test = await startHttpTestServer();
    try {
      await seedStandardSetup(test);
      const buyer = test.store.buyers[0]!;
      const [widget] = test.store.products;
      const cart = await createCart(test.engine.store.db, test.store.storeId, buyer, [
        { product: widget!, quantity: 1 },
      ]);
      const client = httpInterviewClient(test, test.buyerTokens[0]!);
      const { interview } = await driveCheckout(client, builtInCheckoutFlowApiName, cart.cartId);
      const screenEvents = async () =>
        (
          await test.engine.store.db
            .selectFrom('checkout_event')
            .select(['event_type', 'detail', 'checkout_session_id'])
            .where('web_cart_id', '=', cart.cartId)
            .where('event_type', 'in', ['FlowScreenShown', 'FlowScreenSubmitted'])
            .orderBy('sequence_number')
            .execute()
        ).map((row) => ({
          type: row.event_type,
          sessionId: row.checkout_session_id,
          ...(JSON.parse(row.detail!) as { interviewId: string; screen: string }),
        }));
      const events = await screenEvents();
      const shown = events.filter((event) => event.type === 'FlowScreenShown').map((event) => event.screen);
      for (const screen of ['Shipping_Address_Screen', 'Delivery_Method_Screen', 'Payment_Screen', 'Summary_Screen']) {
        expect(shown).toContain(screen);
        expect(events).toContainEqual(expect.objectContaining({ type: 'FlowScreenSubmitted', screen }));
      }
      expect(events.every((event) => event.interviewId === interview.id && event.sessionId !== null)).toBe(true);

      const other = await createCart(test.engine.store.db, test.store.storeId, buyer, [
        { product: widget!, quantity: 1 },
      ]);
      const started = await client.start(builtInCheckoutFlowApiName, { cartId: other.cartId });
      // The flow's first step runs in the background and writes its own events: wait for it.
      await test.engine.settle();
      const before = await test.engine.store.db
        .selectFrom('checkout_event')
        .select('id')
        .where('web_cart_id', '=', other.cartId)
        .execute();
      await expect(client.navigate(started.id, { action: 'NEXT', version: started.version - 1 })).rejects.toThrow(
        /answered 409/,
      );
      const after = await test.engine.store.db
        .selectFrom('checkout_event')
        .select('id')
        .where('web_cart_id', '=', other.cartId)
        .execute();
      expect(after).toEqual(before);
    } finally {
      await test.dispose();
    }
  });
});
