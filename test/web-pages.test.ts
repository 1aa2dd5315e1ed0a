/**
 * The buyer pages over HTTP without a browser: sign-in and sign-out, cart edits through the
 * sObject write path, and the attacks a page invites — a forged or missing CSRF token, a form
 * posted from another site, a buyer reaching another account's cart, a buyer posting a price,
 * a revoked cookie — each refused with nothing stored changed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setPassword } from '../src/access/passwords.js';
import { flowTables } from '../src/flows/flow-tables.js';
import { createCart } from '../src/seed/create-cart.js';
import { cartSnapshot } from './support/actors.js';
import { startHttpTestServer, type HttpTestServer } from './support/http-test-server.js';
import { WebClient } from './support/web-client.js';

const password = 'correct horse battery';

describe('buyer web pages', () => {
  let server: HttpTestServer;
  let cartId: string;
  let itemIds: readonly string[];
  let otherCartId: string;

  beforeAll(async () => {
    server = await startHttpTestServer();
    const [buyer, other] = server.store.buyers;
    await setPassword(server.engine.store, buyer!.userId, password);
    await setPassword(server.engine.store, other!.userId, password);
    const [widget, gadget] = server.store.products;
    ({ cartId, itemIds } = await createCart(server.engine.store.db, server.store.storeId, buyer!, [
      { product: widget!, quantity: 3 },
      { product: gadget!, quantity: 2 },
    ]));
    ({ cartId: otherCartId } = await createCart(server.engine.store.db, server.store.storeId, other!, [
      { product: widget!, quantity: 1 },
    ]));
  });
  afterAll(() => server.dispose());

  const signedIn = async (index = 0) => {
    const client = new WebClient(server.url);
    const answer = await client.signIn(server.store.buyers[index]!.username, password);
    expect(answer.status).toBe(303);
    return client;
  };

  it('sends a visitor to the sign-in page and refuses a wrong password', async () => {
    const client = new WebClient(server.url);
    const home = await client.get('/');
    expect(home.status).toBe(303);
    expect(home.location).toMatch(/^\/login/);
    const wrong = await client.signIn(server.store.buyers[0]!.username, 'wrong');
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain('Wrong username or password');
    expect(client.cookies.has('b2b_session')).toBe(false);
  });

  it('signs in with an httpOnly SameSite cookie and lists only the buyer’s carts', async () => {
    const client = new WebClient(server.url);
    const page = await client.get('/login');
    const nonce = /name="_signin" value="([^"]+)"/.exec(page.text)![1]!;
    const response = await fetch(`${server.url}/login`, {
      method: 'POST',
      headers: {
        cookie: `b2b_signin=${nonce}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ _signin: nonce, username: server.store.buyers[0]!.username, password }).toString(),
      redirect: 'manual',
    });
    const cookie = response.headers.getSetCookie().find((line) => line.startsWith('b2b_session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const buyer = await signedIn();
    const home = await buyer.get('/');
    expect(home.text).toContain(`/carts/${cartId}`);
    expect(home.text).not.toContain(otherCartId);
  });

  it('changes a quantity and removes a line through the write path, totals recomputed', async () => {
    const buyer = await signedIn();
    const csrf = await buyer.csrfToken(`/carts/${cartId}`);
    const changed = await buyer.post(`/carts/${cartId}/items/${itemIds[0]}`, { _csrf: csrf, quantity: '5' });
    expect(changed.status).toBe(303);
    const item = await server.engine.store.db
      .selectFrom('cart_item')
      .select(['quantity', 'total_price'])
      .where('id', '=', itemIds[0]!)
      .executeTakeFirstOrThrow();
    expect(item.quantity).toBe(50_000);
    const refused = await buyer.post(`/carts/${cartId}/items/${itemIds[0]}`, { _csrf: csrf, quantity: '-1' });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('Not changed');
  });

  it('refuses a post without the CSRF token, or from another site, changing nothing', async () => {
    const buyer = await signedIn();
    const csrf = await buyer.csrfToken(`/carts/${cartId}`);
    const before = await cartSnapshot(server.engine, cartId);
    const missing = await buyer.post(`/carts/${cartId}/items/${itemIds[0]}`, { quantity: '9' });
    expect(missing.status).toBe(403);
    const forged = await buyer.post(`/carts/${cartId}/items/${itemIds[0]}`, { _csrf: 'x'.repeat(43), quantity: '9' });
    expect(forged.status).toBe(403);
    const crossSite = await buyer.post(
      `/carts/${cartId}/items/${itemIds[0]}`,
      { _csrf: csrf, quantity: '9' },
      { origin: 'http://evil.example' },
    );
    expect(crossSite.status).toBe(403);
    const fetchSite = await buyer.post(
      `/carts/${cartId}/items/${itemIds[0]}`,
      { _csrf: csrf, quantity: '9' },
      { 'sec-fetch-site': 'cross-site' },
    );
    expect(fetchSite.status).toBe(403);
    const anonymous = new WebClient(server.url);
    expect((await anonymous.post(`/carts/${cartId}/items/${itemIds[0]}`, { quantity: '9' })).status).toBe(401);
    expect(await cartSnapshot(server.engine, cartId)).toEqual(before);
  });

  it('never lets a buyer set a price or reach another account’s cart', async () => {
    const buyer = await signedIn();
    const csrf = await buyer.csrfToken(`/carts/${cartId}`);
    const theirs = await cartSnapshot(server.engine, otherCartId);
    const priced = await buyer.post(`/carts/${cartId}/items/${itemIds[0]}`, {
      _csrf: csrf,
      quantity: '5',
      SalesPrice: '0.01',
      TotalPrice: '0.01',
    });
    expect(priced.status).toBe(303);
    const line = await server.engine.store.db
      .selectFrom('cart_item')
      .select(['sales_price', 'total_price'])
      .where('id', '=', itemIds[0]!)
      .executeTakeFirstOrThrow();
    expect(line).toEqual({ sales_price: 1000, total_price: 5000 });
    const mine = await cartSnapshot(server.engine, cartId);
    const otherItem = await server.engine.store.db
      .selectFrom('cart_item')
      .select('id')
      .where('cart_id', '=', otherCartId)
      .executeTakeFirstOrThrow();
    expect((await buyer.get(`/carts/${otherCartId}`)).status).toBe(404);
    const attacks = [
      buyer.post(`/carts/${otherCartId}/items/${otherItem.id}`, { _csrf: csrf, quantity: '7' }),
      buyer.post(`/carts/${cartId}/items/${otherItem.id}`, { _csrf: csrf, quantity: '7' }),
      buyer.post(`/carts/${otherCartId}/items/${otherItem.id}/remove`, { _csrf: csrf }),
      buyer.post(`/carts/${otherCartId}/coupons`, { _csrf: csrf, couponCode: 'SAVE5' }),
      buyer.post(`/carts/${otherCartId}/checkout`, { _csrf: csrf }),
      buyer.post(`/carts/${otherCartId}/checkout/cancel`, { _csrf: csrf }),
    ];
    for (const answer of await Promise.all(attacks)) expect(answer.status).toBe(404);
    expect(await cartSnapshot(server.engine, cartId)).toEqual(mine);
    expect(await cartSnapshot(server.engine, otherCartId)).toEqual(theirs);
  });

  it('never lets a buyer read or move another buyer’s checkout interview, changing nothing', async () => {
    const owner = await signedIn(1);
    const ownerCsrf = await owner.csrfToken(`/carts/${otherCartId}`);
    const started = await owner.post(`/carts/${otherCartId}/checkout`, { _csrf: ownerCsrf });
    expect(started.status).toBe(303);
    const interviewPath = new URL(started.location!, server.url).pathname;
    const interviewId = interviewPath.split('/').pop()!;
    // The flow's first step runs in the background and moves the session: wait for it.
    await server.engine.settle();
    const stored = () =>
      flowTables(server.engine.store)
        .selectFrom('flow_interview')
        .select(['version', 'state', 'user_id'])
        .where('id', '=', interviewId)
        .executeTakeFirstOrThrow();
    const before = await stored();
    const theirs = await cartSnapshot(server.engine, otherCartId);
    const buyer = await signedIn();
    const csrf = await buyer.csrfToken(`/carts/${cartId}`);
    const version = String(before.version);
    const attacks = [
      buyer.get(interviewPath),
      buyer.get(`/carts/${cartId}/checkout/${interviewId}`),
      buyer.post(interviewPath, { _csrf: csrf, version, action: 'NEXT' }),
      buyer.post(`/carts/${cartId}/checkout/${interviewId}`, { _csrf: csrf, version, action: 'NEXT' }),
    ];
    for (const answer of await Promise.all(attacks)) expect(answer.status).toBe(404);
    expect(await stored()).toEqual(before);
    expect(await cartSnapshot(server.engine, otherCartId)).toEqual(theirs);
  });

  it('keeps buyers out of the console', async () => {
    const buyer = await signedIn();
    expect((await buyer.get('/console')).status).toBe(403);
    expect((await buyer.get('/console/sessions')).status).toBe(403);
  });

  it('signs out by revoking the session token: the old cookie no longer works', async () => {
    const buyer = await signedIn();
    const cookie = buyer.cookies.get('b2b_session')!;
    const csrf = await buyer.csrfToken('/');
    expect((await buyer.post('/logout', { _csrf: csrf })).status).toBe(303);
    const replay = new WebClient(server.url);
    replay.cookies.set('b2b_session', cookie);
    expect((await replay.get('/')).status).toBe(303);
  });
});
