/**
 * The structured log of a checkout: every action (with the request id when it came over
 * HTTP), every background operation (worker, duration, outcome) and every checkout event
 * (transitions, provider calls with duration and outcome) is one JSON line naming the cart,
 * the session and the operation, so one checkout's story is found with one filter.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/create-logger.js';
import { createCart } from '../src/seed/create-cart.js';
import { startHttpTestServer, type HttpTestServer } from './support/http-test-server.js';
import { runFullCheckout } from './support/run-full-checkout.js';

type Line = Record<string, unknown>;
const lines: Line[] = [];
const destination = new Writable({
  write(chunk: Buffer, _encoding, done) {
    for (const text of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(text) as Line);
    done();
  },
});

let server: HttpTestServer;
let cartId = '';
let sessionId = '';

beforeAll(async () => {
  server = await startHttpTestServer(undefined, { engineOptions: { logger: createLogger('info', destination) } });
  const buyer = server.store.buyers[0]!;
  const [widget] = server.store.products;
  ({ cartId } = await createCart(server.engine.store.db, server.store.storeId, buyer, [
    { product: widget!, quantity: 1 },
  ]));
  const started = await server.request('POST', '/services/data/v62.0/actions/standard/checkoutSessionAction', {
    token: server.buyerTokens[0]!,
    body: { inputs: [{ cartId }] },
  });
  expect(started.status, started.text).toBe(200);
  const outcome = await runFullCheckout(server.engine, cartId, buyer.userId);
  expect(outcome.isError).toBe(false);
  await server.engine.settle();
  const session = await server.engine.store.db
    .selectFrom('cart_checkout_session')
    .select('id')
    .where('web_cart_id', '=', cartId)
    .executeTakeFirstOrThrow();
  sessionId = session.id;
});
afterAll(() => server.dispose());

describe("a checkout's log lines", () => {
  it('log each action with its request id, cart, session, duration and outcome', () => {
    const actions = lines.filter((line) => line.kind === 'action' && line.cartId === cartId);
    const overHttp = actions.find((line) => line.action === 'checkoutSessionAction' && line.requestId !== undefined);
    expect(overHttp).toMatchObject({ cartId, sessionId, outcome: 'Success', httpStatus: 200 });
    expect(typeof overHttp?.durationMs).toBe('number');
    expect(actions.map((line) => line.action)).toEqual(
      expect.arrayContaining(['checkCartInventoryAction', 'cartToOrderAction', 'activateOrderAction']),
    );
  });

  it('log each operation with its worker, duration and outcome', async () => {
    const operations = await server.engine.store.db
      .selectFrom('background_operation')
      .select(['id', 'type', 'status'])
      .where('web_cart_id', '=', cartId)
      .execute();
    for (const operation of operations) {
      const line = lines.find((entry) => entry.kind === 'operation' && entry.operationId === operation.id);
      expect(line, operation.type).toMatchObject({
        cartId,
        sessionId,
        operationType: operation.type,
        outcome: operation.status,
      });
      expect(line?.worker).toEqual(expect.any(String));
      expect(line?.durationMs).toEqual(expect.any(Number));
    }
  });

  it('log each state transition and each provider call with its duration and outcome', () => {
    const events = lines.filter((line) => line.kind === 'checkout' && line.cartId === cartId);
    const applied = events.filter((line) => line.event === 'TransitionApplied').map((line) => line.toState);
    expect(applied).toEqual(expect.arrayContaining(['Inventory', 'Cart To Order']));
    const call = events.find((line) => line.event === 'ProviderCall');
    expect(call).toMatchObject({ sessionId, outcome: 'Success' });
    expect(typeof call?.durationMs).toBe('number');
    expect(call?.operationId).toEqual(expect.any(String));
  });
});
