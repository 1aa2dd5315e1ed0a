/**
 * `Prefer: wait=N` on reads of BackgroundOperation and CartCheckoutSession (ADR 0020): the
 * answer comes when the record changes from the client's view (If-None-Match) or after N
 * seconds; waits are capped per user and per server, end when the server closes, and see only
 * what a read sees. On PostgreSQL a change made by another process ends the wait.
 */
/* eslint-disable @typescript-eslint/no-unsafe-member-access -- response bodies are untyped JSON */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCart } from '../src/seed/create-cart.js';
import { setSessionState } from '../src/store/checkout-transitions.js';
import { systemUserId } from '../src/access/permission-sets.js';
import { CheckoutDriver } from './support/checkout-steps.js';
import { startHttpTestServer, type HttpResponse, type HttpTestServer } from './support/http-test-server.js';
import { spawnCli } from './support/spawn-cli.js';
import { testBackend } from './support/test-database.js';

const v = '/services/data/v60.0';
let server: HttpTestServer;
let tokenA: string;
let tokenB: string;
const mine = { cartId: '', sessionId: '' };
const theirs = { sessionId: '', operationId: '' };

beforeAll(async () => {
  // No worker here: operations stay New until a test moves them.
  server = await startHttpTestServer(undefined, {
    engineOptions: { workers: 0 },
    waitLimits: { maxWaits: 2, maxWaitsPerUser: 1 },
  });
  [tokenA, tokenB] = server.buyerTokens as [string, string];
  const [buyerA, buyerB] = server.store.buyers;
  const [widget] = server.store.products;
  const { db } = server.engine.store;
  mine.cartId = (await createCart(db, server.store.storeId, buyerA!, [{ product: widget!, quantity: 1 }])).cartId;
  mine.sessionId = await new CheckoutDriver(server.engine, buyerA!.userId, mine.cartId).startSession();
  const cartB = await createCart(db, server.store.storeId, buyerB!, [{ product: widget!, quantity: 1 }]);
  const driverB = new CheckoutDriver(server.engine, buyerB!.userId, cartB.cartId);
  theirs.sessionId = await driverB.startSession();
  await driverB.moveTo(theirs.sessionId, 'Start', 'Inventory');
  const started = await driverB.invoke('checkCartInventoryAction', { cartId: cartB.cartId });
  theirs.operationId = String(started.outputValues?.backgroundOperationId);
});
afterAll(() => server.dispose());

const sessionPath = () => `${v}/sobjects/CartCheckoutSession/${mine.sessionId}`;

function get(path: string, token: string, headers: Record<string, string> = {}): Promise<HttpResponse> {
  return server.request('GET', path, { token, headers });
}

/** Resolves once `count` requests are waiting in the server (bounded). */
async function waitingRequests(count: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (server.engine.recordChanges.waitingCount < count) {
    if (Date.now() > deadline) throw new Error(`never ${count} waiting requests`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function storedState(sessionId: string): Promise<string> {
  const row = await server.engine.store.db
    .selectFrom('cart_checkout_session')
    .select('state')
    .where('id', '=', sessionId)
    .executeTakeFirstOrThrow();
  return row.state;
}

describe('Prefer: wait on a record read', () => {
  it('changes nothing for a client that does not send it', async () => {
    const response = await get(sessionPath(), tokenA);
    expect(response.status).toBe(200);
    expect(response.headers.get('preference-applied')).toBeNull();
    expect(response.headers.get('etag')).toBeNull();
    expect(response.body.State).toBe('Start');
  });

  it('answers at once with an ETag when the client has no view yet, and caps N at 25', async () => {
    const response = await get(sessionPath(), tokenA, { prefer: 'wait=600' });
    expect(response.status).toBe(200);
    expect(response.headers.get('preference-applied')).toBe('wait=25');
    expect(response.headers.get('etag')).toMatch(/^W\/"[\w-]+"$/);
    expect(response.body.State).toBe('Start');
  });

  it('returns as soon as the session changes, with its new state and a new ETag', async () => {
    const first = await get(sessionPath(), tokenA, { prefer: 'wait=25' });
    const etag = first.headers.get('etag')!;
    const waiting = get(sessionPath(), tokenA, { prefer: 'wait=25', 'if-none-match': etag });
    await waitingRequests(1);
    expect(await setSessionState(server.engine.store.db, mine.sessionId, 'Inventory', systemUserId)).toBe(true);
    const changed = await waiting;
    expect(changed.status).toBe(200);
    expect(changed.body.State).toBe('Inventory');
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect(await storedState(mine.sessionId)).toBe('Inventory');
  });

  it('answers with the unchanged record after N seconds', async () => {
    const first = await get(sessionPath(), tokenA, { prefer: 'wait=1' });
    const startedMs = Date.now();
    const second = await get(sessionPath(), tokenA, { prefer: 'wait=1', 'if-none-match': first.headers.get('etag')! });
    expect(Date.now() - startedMs).toBeGreaterThanOrEqual(900);
    expect(second.status).toBe(200);
    expect(second.headers.get('preference-applied')).toBe('wait=1');
    expect(second.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(second.body).toEqual(first.body);
  });

  it("answers NOT_FOUND for another account's session or operation, as a read does", async () => {
    for (const path of [
      `${v}/sobjects/CartCheckoutSession/${theirs.sessionId}`,
      `${v}/sobjects/BackgroundOperation/${theirs.operationId}`,
    ]) {
      const response = await get(path, tokenA, { prefer: 'wait=5', 'if-none-match': 'W/"x"' });
      expect(response.status, path).toBe(404);
      expect(response.body[0].errorCode, path).toBe('NOT_FOUND');
    }
    expect(server.engine.recordChanges.waitingCount).toBe(0);
  });

  it('refuses waits past the per-user and per-server caps with REQUEST_LIMIT_EXCEEDED 403', async () => {
    const operationPath = `${v}/sobjects/BackgroundOperation/${theirs.operationId}?fields=Status`;
    const first = await get(operationPath, tokenB, { prefer: 'wait=25' });
    expect(first.body.Status).toBe('New');
    const etag = first.headers.get('etag')!;
    const mySession = await get(sessionPath(), tokenA, { prefer: 'wait=25' });
    const waitingB = get(operationPath, tokenB, { prefer: 'wait=25', 'if-none-match': etag });
    await waitingRequests(1);
    const secondOfB = await get(operationPath, tokenB, { prefer: 'wait=25', 'if-none-match': etag });
    expect(secondOfB.status).toBe(403);
    expect(secondOfB.body[0].errorCode).toBe('REQUEST_LIMIT_EXCEEDED');
    const waitingA = get(sessionPath(), tokenA, {
      prefer: 'wait=25',
      'if-none-match': mySession.headers.get('etag')!,
    });
    await waitingRequests(2);
    const admin = await get(operationPath, server.adminToken, { prefer: 'wait=25', 'if-none-match': etag });
    expect(admin.status).toBe(403);
    expect(admin.body[0].errorCode).toBe('REQUEST_LIMIT_EXCEEDED');

    // Canceling each checkout ends the wait on its session or operation.
    const cancel = await server.request('POST', `${v}/actions/standard/cancelCartAsyncOperation`, {
      token: tokenA,
      body: { inputs: [{ cartId: mine.cartId }] },
    });
    expect(cancel.status).toBe(200);
    expect((await waitingA).body.IsArchived).toBe(true);
    await server.request('POST', `${v}/actions/standard/cancelCartAsyncOperation`, {
      token: tokenB,
      body: { inputs: [{ cartId: await cartOfSession(theirs.sessionId) }] },
    });
    const ended = await waitingB;
    expect(ended.body.Status).toBe('Canceled');
    expect(server.engine.recordChanges.waitingCount).toBe(0);
  });

  it.runIf(testBackend === 'postgres')('returns when another process finishes the operation', async () => {
    const checkout = await startOperation();
    const path = `${v}/sobjects/BackgroundOperation/${checkout.operationId}?fields=Status`;
    const first = await get(path, tokenA, { prefer: 'wait=25' });
    expect(first.body.Status).toBe('New');
    const waiting = get(path, tokenA, { prefer: 'wait=25', 'if-none-match': first.headers.get('etag')! });
    await waitingRequests(1);
    const worker = spawnCli(['worker', '--db', server.databaseUrl]);
    try {
      let answer = await waiting;
      // The worker's claim (Running) may come as a change of its own before completion.
      while (answer.body.Status === 'Running')
        answer = await get(path, tokenA, { prefer: 'wait=25', 'if-none-match': answer.headers.get('etag')! });
      expect(answer.body.Status).toBe('Complete');
      const stored = await server.engine.store.db
        .selectFrom('background_operation')
        .select('status')
        .where('id', '=', checkout.operationId)
        .executeTakeFirstOrThrow();
      expect(stored.status).toBe('Complete');
    } finally {
      await worker.stop();
    }
  });
});

describe('closing the server', () => {
  it('ends every wait with the record as it is', async () => {
    const other = await startHttpTestServer(undefined, { engineOptions: { workers: 0 } });
    const [buyer] = other.store.buyers;
    const [widget] = other.store.products;
    const { cartId } = await createCart(other.engine.store.db, other.store.storeId, buyer!, [
      { product: widget!, quantity: 1 },
    ]);
    const sessionId = await new CheckoutDriver(other.engine, buyer!.userId, cartId).startSession();
    const path = `${v}/sobjects/CartCheckoutSession/${sessionId}`;
    const token = other.buyerTokens[0]!;
    const first = await other.request('GET', path, { token, headers: { prefer: 'wait=25' } });
    const waiting = other.request('GET', path, {
      token,
      headers: { prefer: 'wait=25', 'if-none-match': first.headers.get('etag')! },
    });
    const deadline = Date.now() + 10_000;
    while (other.engine.recordChanges.waitingCount < 1 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 5));
    const disposed = other.dispose();
    const answer = await waiting;
    await disposed;
    expect(answer.status).toBe(200);
    expect(answer.body.State).toBe('Start');
  });
});

async function cartOfSession(sessionId: string): Promise<string> {
  const row = await server.engine.store.db
    .selectFrom('cart_checkout_session')
    .select('web_cart_id')
    .where('id', '=', sessionId)
    .executeTakeFirstOrThrow();
  return row.web_cart_id;
}

async function startOperation(): Promise<{ operationId: string }> {
  const [buyerA] = server.store.buyers;
  const [widget] = server.store.products;
  const { cartId } = await createCart(server.engine.store.db, server.store.storeId, buyerA!, [
    { product: widget!, quantity: 1 },
  ]);
  const driver = new CheckoutDriver(server.engine, buyerA!.userId, cartId);
  const sessionId = await driver.startSession();
  await driver.moveTo(sessionId, 'Start', 'Inventory');
  const started = await driver.invoke('checkCartInventoryAction', { cartId });
  return { operationId: String(started.outputValues?.backgroundOperationId) };
}
