/**
 * The buyer's checkout in a real browser (Debian's chromium through playwright-core), against
 * a real server on 127.0.0.1: sign in, edit the cart, check out through every screen and see
 * the order number, every screen drawn from the store's checkout flow interview (the built-in
 * flow); an out-of-stock line stops the checkout with its message and the cart can be fixed; a second window on the same checkout is told it changed and reloads; the console
 * shows the session with its operations; a form posted from another origin is refused. One
 * browser for the whole file; screenshots go to docs/screenshots/.
 */
import { createServer, type Server } from 'node:http';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { administratorUsername } from '../src/access/ensure-administrator.js';
import { setPassword } from '../src/access/passwords.js';
import { flowTables } from '../src/flows/flow-tables.js';
import { createCart } from '../src/seed/create-cart.js';
import { cartSnapshot } from './support/actors.js';
import { launchChromium, saveScreenshot } from './support/browser.js';
import { seedStandardSetup } from './support/checkout-setup.js';
import { startHttpTestServer, type HttpTestServer } from './support/http-test-server.js';
import { testBackend } from './support/test-database.js';
import { seedDefaultShippingAddress } from './support/seed-default-shipping-address.js';

const password = 'correct horse battery';
// Screenshots only when asked (UPDATE_SCREENSHOTS=1), from the SQLite run: the pages are the
// same on both databases, and a run that only tests leaves the committed images alone.
const isScreenshotRun = testBackend === 'sqlite' && process.env.UPDATE_SCREENSHOTS === '1';

describe('buyer checkout in the browser', () => {
  let server: HttpTestServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startHttpTestServer();
    await seedStandardSetup(server);
    for (const buyer of server.store.buyers) {
      await setPassword(server.engine.store, buyer.userId, password);
      // The flow's first screen picks a delivery address: each account has one on file.
      await seedDefaultShippingAddress(server.engine.store.db, buyer.accountId);
    }
    const admin = await server.engine.store.db
      .selectFrom('app_user')
      .select('id')
      .where('username', '=', administratorUsername)
      .executeTakeFirstOrThrow();
    await setPassword(server.engine.store, admin.id, password);
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  async function signIn(username: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    await page.goto(`${server.url}/`);
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill(password);
    await submit(page, 'Sign in');
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    return { context, page };
  }

  /** Clicks a form's button and waits for the page the answer leads to. */
  const submit = async (page: Page, name: string | RegExp) => {
    await Promise.all([
      page.waitForEvent('framenavigated'),
      page.getByRole('button', { name, exact: typeof name === 'string' }).click(),
    ]);
    await page.waitForLoadState();
  };

  /**
   * Goes through the flow's screens until `target` shows: wait screens reload themselves, any
   * other screen before it is continued as it is. Bounded by the number of screens.
   */
  const advanceTo = async (page: Page, target: ReturnType<Page['locator']>) => {
    const next = page.getByRole('button', { name: 'Continue', exact: true });
    for (let screen = 0; screen < 20; screen += 1) {
      await target.or(next).first().waitFor({ timeout: 90_000 });
      if (await target.isVisible()) return;
      await submit(page, 'Continue');
    }
    throw new Error('The screen did not show');
  };

  const shot = async (page: Page, name: string) => {
    if (isScreenshotRun) await saveScreenshot(page, name);
  };

  it('signs in, edits the cart, checks out through every screen and shows the order number', async () => {
    const buyer = server.store.buyers[0]!;
    const [widget, gadget] = server.store.products;
    const { cartId } = await createCart(
      server.engine.store.db,
      server.store.storeId,
      buyer,
      [
        { product: widget!, quantity: 3 },
        { product: gadget!, quantity: 2 },
      ],
      { isPriced: false },
    );
    const context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    await page.goto(`${server.url}/`);
    await shot(page, 'sign-in');
    await page.getByLabel('Username').fill(buyer.username);
    await page.getByLabel('Password').fill(password);
    await submit(page, 'Sign in');
    await page.getByRole('heading', { name: 'My carts' }).waitFor();
    await shot(page, 'carts');

    await page.locator(`a[href="/carts/${cartId}"]`).click();
    await page.getByLabel('Quantity of Widget').fill('4');
    await submit(page, 'Update Widget');
    await page.getByLabel('Coupon code').fill('SAVE5');
    await submit(page, 'Apply coupon');
    await page.getByText('SAVE5').first().waitFor();
    await shot(page, 'cart');

    await submit(page, 'Checkout');
    await advanceTo(page, page.getByRole('group', { name: 'Delivery method' }));
    await shot(page, 'checkout-delivery');
    await page.getByLabel(/Express/).check();
    await submit(page, 'Continue');
    await advanceTo(page, page.getByLabel('Purchase order number'));
    // The built-in flow requires a purchase order number (`poRequired`): the field says so, and
    // continuing without one keeps the payment screen with the server's refusal beside the field.
    const poNumber = page.getByLabel('Purchase order number (required)');
    expect(await poNumber.getAttribute('aria-required')).toBe('true');
    const beforeRefusal = await cartSnapshot(server.engine, cartId);
    await poNumber.fill('   ');
    await submit(page, 'Continue');
    await page.getByRole('alert').filter({ hasText: 'Enter a purchase order number' }).first().waitFor();
    const fieldError = page.locator('.field', { has: page.getByLabel('Purchase order number') }).getByRole('alert');
    expect(await fieldError.textContent()).toContain('Enter a purchase order number');
    expect(await poNumber.getAttribute('aria-invalid')).toBe('true');
    expect(await cartSnapshot(server.engine, cartId)).toEqual(beforeRefusal);
    await page.getByLabel('Purchase order number').fill('PO-7731');
    await shot(page, 'checkout-payment');
    await submit(page, 'Continue');
    await advanceTo(page, page.getByRole('table', { name: 'What you order' }));
    await shot(page, 'checkout-summary');
    await submit(page, 'Continue');

    const orderNumber = (await page.locator('#order-number').textContent({ timeout: 90_000 }))!.trim();
    await shot(page, 'checkout-confirmation');

    const db = server.engine.store.db;
    const order = await db
      .selectFrom('sales_order')
      .selectAll()
      .where('order_number', '=', orderNumber)
      .executeTakeFirstOrThrow();
    expect(order.status).toBe('Activated');
    expect(order.po_number).toBe('PO-7731');
    // The number shown is the order summary's the flow redirected to (recordId), nothing guessed.
    const confirmationUrl = page.url();
    const interviewId = decodeURIComponent(confirmationUrl.split('/checkout/')[1]!);
    const finished = await flowTables(server.engine.store)
      .selectFrom('flow_interview')
      .select('state')
      .where('id', '=', interviewId)
      .executeTakeFirstOrThrow();
    const summary = await db
      .selectFrom('order_summary')
      .selectAll()
      .where('original_order_id', '=', order.id)
      .executeTakeFirstOrThrow();
    expect((JSON.parse(finished.state) as { redirect: unknown }).redirect).toEqual({
      pageName: 'orderconfirmation',
      recordId: summary.id,
    });
    expect(summary.order_number).toBe(orderNumber);
    const facts = page.getByRole('definition');
    expect((await facts.allTextContents()).map((text) => text.trim()).slice(0, 3)).toEqual([
      summary.order_number,
      'Activated',
      'PO-7731',
    ]);
    // No summary named, no confirmation: the cart's last order is never guessed.
    const withoutRecord = finished.state.replace(`"recordId":"${summary.id}"`, '"recordId":null');
    expect(withoutRecord).not.toBe(finished.state);
    const setState = (state: string) =>
      flowTables(server.engine.store)
        .updateTable('flow_interview')
        .set({ state })
        .where('id', '=', interviewId)
        .execute();
    await setState(withoutRecord);
    try {
      await page.goto(confirmationUrl);
      await page.waitForURL((url) => url.pathname === `/carts/${cartId}`);
      expect(await page.locator('#order-number').count()).toBe(0);
    } finally {
      await setState(finished.state);
    }
    // A summary the buyer may not see (its order moved to another account) is not shown: the
    // page sends the buyer to the cart instead.
    const otherAccountId = server.store.buyers[1]!.accountId;
    expect(otherAccountId).not.toBe(buyer.accountId);
    await db.updateTable('sales_order').set({ account_id: otherAccountId }).where('id', '=', order.id).execute();
    try {
      await page.goto(confirmationUrl);
      await page.waitForURL((url) => url.pathname === `/carts/${cartId}`);
      expect(await page.locator('#order-number').count()).toBe(0);
      expect(await page.content()).not.toContain(orderNumber);
    } finally {
      await db.updateTable('sales_order').set({ account_id: buyer.accountId }).where('id', '=', order.id).execute();
    }
    const interviews = await flowTables(server.engine.store)
      .selectFrom('flow_interview')
      .select(['flow_api_name', 'status'])
      .where('user_id', '=', buyer.userId)
      .execute();
    expect(interviews).toContainEqual({ flow_api_name: 'b2b_checkout__Checkout', status: 'Finished' });
    const items = await db.selectFrom('order_item').selectAll().where('order_id', '=', order.id).execute();
    expect(items.find((item) => item.sku === 'WID-1')?.quantity).toBe(40_000);
    expect(items.some((item) => item.type === 'Delivery Charge')).toBe(true);
    const cart = await db.selectFrom('web_cart').select('status').where('id', '=', cartId).executeTakeFirstOrThrow();
    expect(cart.status).toBe('Closed');
    const coupons = await db
      .selectFrom('cart_coupon')
      .select('coupon_code')
      .where('web_cart_id', '=', cartId)
      .execute();
    expect(coupons).toEqual([{ coupon_code: 'SAVE5' }]);
    await context.close();
  }, 240_000);

  it('shows an out-of-stock line’s error, and checks out once the cart is fixed', async () => {
    const buyer = server.store.buyers[0]!;
    const gadget = server.store.products[1]!;
    const { cartId } = await createCart(
      server.engine.store.db,
      server.store.storeId,
      buyer,
      [{ product: gadget, quantity: 50 }],
      {
        isPriced: false,
      },
    );
    const { context, page } = await signIn(buyer.username);
    await page.goto(`${server.url}/carts/${cartId}`);
    await submit(page, 'Checkout');
    const alert = page.getByRole('alert').filter({ hasText: 'GAD-1' });
    await alert.waitFor({ timeout: 90_000 });
    await shot(page, 'checkout-out-of-stock');
    const outputs = await server.engine.store.db
      .selectFrom('cart_validation_output')
      .select(['level', 'type'])
      .where('cart_id', '=', cartId)
      .execute();
    expect(outputs).toContainEqual({ level: 'Error', type: 'Inventory' });

    await page.getByRole('link', { name: 'Back to the cart' }).click();
    await page.getByLabel('Quantity of Gadget').fill('2');
    await submit(page, 'Update Gadget');
    await submit(page, 'Checkout');
    await advanceTo(page, page.getByRole('group', { name: 'Delivery method' }));
    const sessions = await server.engine.store.db
      .selectFrom('cart_checkout_session')
      .select(['state', 'is_archived', 'is_error'])
      .where('web_cart_id', '=', cartId)
      .execute();
    expect(sessions).toContainEqual({ state: 'Shipping Cost', is_archived: 0, is_error: 0 });
    expect(sessions.filter((session) => session.is_archived === 0)).toHaveLength(1);
    await context.close();
  }, 240_000);

  it('tells a second window the checkout changed, changes nothing from it, and reloads it', async () => {
    const buyer = server.store.buyers[1]!;
    const widget = server.store.products[0]!;
    const { cartId } = await createCart(
      server.engine.store.db,
      server.store.storeId,
      buyer,
      [{ product: widget, quantity: 1 }],
      {
        isPriced: false,
      },
    );
    const { context, page: first } = await signIn(buyer.username);
    await first.goto(`${server.url}/carts/${cartId}`);
    await submit(first, 'Checkout');
    await advanceTo(first, first.getByRole('group', { name: 'Delivery method' }));
    const interviewUrl = first.url();
    const second = await context.newPage();
    second.setDefaultTimeout(60_000);
    await second.goto(interviewUrl);
    await second.getByRole('group', { name: 'Delivery method' }).waitFor();

    await first.getByLabel(/Ground/).check();
    await submit(first, 'Continue');
    await advanceTo(first, first.getByLabel('Purchase order number'));

    const before = await cartSnapshot(server.engine, cartId);
    await second.getByLabel(/Express/).check();
    const [answer] = await Promise.all([
      second.waitForResponse((response) => response.url() === interviewUrl && response.request().method() === 'POST'),
      second.getByRole('button', { name: 'Continue' }).click(),
    ]);
    expect(answer.status()).toBe(409);
    await second.getByRole('heading', { name: 'This checkout changed in another window' }).waitFor();
    await shot(second, 'checkout-changed-elsewhere');
    expect(await cartSnapshot(server.engine, cartId)).toEqual(before);
    await second.getByLabel('Purchase order number').waitFor({ timeout: 30_000 });
    const group = await server.engine.store.db
      .selectFrom('cart_delivery_group')
      .innerJoin('order_delivery_method', 'order_delivery_method.id', 'cart_delivery_group.delivery_method_id')
      .select('order_delivery_method.name')
      .where('cart_delivery_group.cart_id', '=', cartId)
      .executeTakeFirstOrThrow();
    expect(group.name).toBe('Ground');
    await context.close();
  }, 240_000);

  it('shows an administrator the session with its operations in the console', async () => {
    const session = await server.engine.store.db
      .selectFrom('cart_checkout_session')
      .select(['id', 'name'])
      .where('is_archived', '=', 1)
      .where('order_id', 'is not', null)
      .executeTakeFirstOrThrow();
    const { context, page } = await signIn(administratorUsername);
    await page.goto(`${server.url}/console`);
    await page.getByRole('heading', { name: 'Operations console' }).waitFor();
    await shot(page, 'console');
    await page.goto(`${server.url}/console/sessions?error=no`);
    await shot(page, 'console-sessions');
    await page.getByRole('link', { name: session.name }).click();
    const operations = page.getByRole('table', { name: 'Background operations of this session, in order' });
    for (const type of [
      'CheckInventory',
      'PriceCart',
      'CalculateShipment',
      'CalculateTaxes',
      'CartToOrder',
      'ActivateOrder',
    ]) {
      await operations.getByRole('rowheader', { name: type }).first().waitFor();
    }
    expect(await operations.getByRole('row').count()).toBeGreaterThanOrEqual(8);
    const timeline = page.getByRole('table', { name: 'Timeline of this session (checkout events, in order)' });
    const stored = await server.engine.store.db
      .selectFrom('checkout_event')
      .select(['event_type'])
      .where('checkout_session_id', '=', session.id)
      .orderBy('sequence_number')
      .execute();
    expect(stored.length).toBeGreaterThan(10);
    const shown = await timeline.locator('tbody th').allTextContents();
    expect(shown.map((text) => text.trim())).toEqual(stored.map((event) => event.event_type));
    for (const type of ['TransitionApplied', 'OperationClaimed', 'OperationFinished', 'OrderActivated']) {
      expect(shown.map((text) => text.trim())).toContain(type);
    }
    await shot(page, 'console-session');
    await page.goto(`${server.url}/console/stock`);
    await shot(page, 'console-stock');
    await context.close();
  }, 240_000);

  it('refuses a form another origin posts with the buyer’s cookie, changing nothing', async () => {
    const buyer = server.store.buyers[0]!;
    const widget = server.store.products[0]!;
    const { cartId, itemIds } = await createCart(server.engine.store.db, server.store.storeId, buyer, [
      { product: widget, quantity: 1 },
    ]);
    const { context, page } = await signIn(buyer.username);
    const attacker: Server = createServer((_request, response) => {
      response.setHeader('content-type', 'text/html');
      response.end(`<!doctype html><form id="f" method="post" action="${server.url}/carts/${cartId}/items/${itemIds[0]}">
        <input name="quantity" value="99"><input name="_csrf" value="guess"></form>
        <script>document.getElementById('f').submit()</script>`);
    });
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
    const address = attacker.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    const before = await cartSnapshot(server.engine, cartId);
    try {
      const [answer] = await Promise.all([
        page.waitForResponse((response) => response.url().includes(`/items/${itemIds[0]}`)),
        page.goto(`http://127.0.0.1:${port}/`),
      ]);
      expect(answer.status()).toBe(403);
    } finally {
      await new Promise((resolve) => attacker.close(resolve));
    }
    expect(await cartSnapshot(server.engine, cartId)).toEqual(before);
    await context.close();
  }, 120_000);
});
