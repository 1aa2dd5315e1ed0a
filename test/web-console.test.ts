/**
 * The operations console over HTTP: the flows page lists every deployed flow version, and a
 * provider that keeps failing shows its attempts, its error and its provider calls to an
 * administrator; buyers are refused both pages. In a real browser (Debian's chromium), an
 * administrator follows an HTTP provider answering 500 through its retries to the failed
 * operation and the session's timeline.
 */
import { createServer, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { administratorUsername } from '../src/access/ensure-administrator.js';
import { setPassword } from '../src/access/passwords.js';
import { flowTables } from '../src/flows/flow-tables.js';
import { launchChromium } from './support/browser.js';
import { openCheckout, operationOf, runStepTo } from './support/checkout-setup.js';
import { expectSuccess } from './support/checkout-steps.js';
import { startHttpTestServer, type HttpTestServer } from './support/http-test-server.js';
import { WebClient } from './support/web-client.js';
import { registerStoreProvider } from './support/register-store-provider.js';

const password = 'correct horse battery';
const fixturesDir = fileURLToPath(new URL('./fixtures/', import.meta.url));

describe('operations console pages', () => {
  let server: HttpTestServer;

  beforeAll(async () => {
    server = await startHttpTestServer(undefined, {
      engineOptions: { providerSettings: { moduleDir: fixturesDir, httpHosts: null }, leaseMarginMs: 60_000 },
    });
    await setPassword(server.engine.store, server.store.buyers[0]!.userId, password);
    const admin = await server.engine.store.db
      .selectFrom('app_user')
      .select('id')
      .where('username', '=', administratorUsername)
      .executeTakeFirstOrThrow();
    await setPassword(server.engine.store, admin.id, password);
  });
  afterAll(() => server.dispose());

  const signedIn = async (username: string) => {
    const client = new WebClient(server.url);
    expect((await client.signIn(username, password)).status).toBe(303);
    return client;
  };

  it('lists every deployed flow version, linked from the console navigation', async () => {
    const admin = await signedIn(administratorUsername);
    const page = await admin.get('/console/flows');
    expect(page.status).toBe(200);
    expect(page.text).toContain('href="/console/flows"');
    const stored = await flowTables(server.engine.store)
      .selectFrom('flow_definition')
      .select(['api_name', 'version'])
      .execute();
    expect(stored.length).toBeGreaterThan(0);
    for (const flow of stored) {
      expect(page.text).toMatch(
        new RegExp(`<th scope="row">${flow.api_name}</th>[\\s\\S]*?<td class="num">${Number(flow.version)}</td>`),
      );
    }
    expect((await admin.get('/console')).text).toContain('href="/console/flows"');
  });

  it('refuses the flows and operations pages to a buyer', async () => {
    const buyer = await signedIn(server.store.buyers[0]!.username);
    const flows = await buyer.get('/console/flows');
    expect(flows.status).toBe(403);
    expect(flows.text).not.toContain('Deployed flows');
    expect((await buyer.get('/console/operations?status=failed')).status).toBe(403);
  });

  it('shows a failing provider’s attempts, error and provider calls', async () => {
    const db = server.engine.store.db;
    await registerStoreProvider(db, server.store.storeId, {
      type: 'Tax',
      kind: 'Module',
      target: 'throwing-tax-provider',
      developerName: 'Tax_Module_console',
      retryLimit: 1,
    });
    const checkout = await openCheckout(server);
    await runStepTo(checkout, 'Start', 'Confirm Price', 'priceCart');
    const operationId = await runStepTo(checkout, 'Confirm Price', 'Taxes', 'calcCartTaxesAction');
    const operation = await operationOf(server.engine, operationId);
    expect(operation.status).toBe('Error');
    expect(operation.retry_count).toBe(1);
    const calls = await db
      .selectFrom('checkout_event')
      .select(['background_operation_id', 'outcome'])
      .where('checkout_session_id', '=', checkout.sessionId)
      .where('event_type', '=', 'ProviderCall')
      .execute();
    const taxCalls = calls.filter((call) => call.background_operation_id === operationId);
    expect(taxCalls.length).toBeGreaterThanOrEqual(1);
    expect(taxCalls.every((call) => call.outcome !== 'Success')).toBe(true);

    const admin = await signedIn(administratorUsername);
    const failed = await admin.get('/console/operations?status=failed');
    expect(failed.status).toBe(200);
    expect(failed.text).toContain('CalculateTaxes');
    expect(failed.text).toContain('2 of 2');
    expect(failed.text).toContain('tax engine is down');
    expect(failed.text).not.toContain('<h2>Running</h2>');
    const retrying = await admin.get('/console/operations?status=retrying');
    expect(retrying.text).toContain('<h2>Retrying</h2>');
    expect(retrying.text).not.toContain('<h2>Failed</h2>');

    const session = await admin.get(`/console/sessions/${checkout.sessionId}`);
    expect(session.status).toBe(200);
    expect(session.text).toContain('2 of 2');
    expect(session.text).toContain('tax engine is down');
    const shownCalls = session.text.match(/<th scope="row">ProviderCall<\/th>/g) ?? [];
    expect(shownCalls.length).toBe(calls.length);
    expect(session.text).toContain(`<td>${taxCalls[0]!.outcome!}</td>`);
  });

  it('shows an administrator, in the browser, an HTTP provider’s retries ending failed, and its timeline', async () => {
    const db = server.engine.store.db;
    // Every call answers 500; the second is held until the test has seen the operation among
    // the retrying ones, so that page is looked at while the retry runs, not by luck.
    let calls = 0;
    let releaseSecondCall = () => {};
    const secondCallReleased = new Promise<void>((resolve) => (releaseSecondCall = resolve));
    const provider: Server = createServer((request, response) => {
      calls += 1;
      request.resume();
      const answer = () => {
        response.statusCode = 500;
        response.setHeader('content-type', 'application/json');
        response.end('{"error":"shipping quotes are down"}');
      };
      if (calls === 2) void secondCallReleased.then(answer);
      else answer();
    });
    await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
    const address = provider.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    let browser: Browser | undefined;
    try {
      await registerStoreProvider(db, server.store.storeId, {
        type: 'Shipment',
        kind: 'Http',
        target: `http://127.0.0.1:${port}/quote`,
        developerName: 'Shipment_Http_console',
        retryLimit: 2,
      });
      const checkout = await openCheckout(server);
      await checkout.driver.moveTo(checkout.sessionId, 'Start', 'Shipping Cost');
      // Started, not awaited: the page is what tells the administrator how it ends.
      const operationId = expectSuccess(
        await checkout.driver.invoke('calcCartShipmentAction', { cartId: checkout.cartId }),
      ).backgroundOperationId as string;

      browser = await launchChromium();
      const context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
      const page = await context.newPage();
      page.setDefaultTimeout(30_000);
      await page.goto(`${server.url}/login`);
      await page.getByLabel('Username').fill(administratorUsername);
      await page.getByLabel('Password').fill(password);
      await Promise.all([
        page.waitForURL((url) => !url.pathname.startsWith('/login')),
        page.getByRole('button', { name: 'Sign in' }).click(),
      ]);

      const rowOf = (shown: Page) =>
        shown.getByRole('row').filter({ has: shown.getByRole('rowheader', { name: 'CalculateShipment' }) });
      // Bounded polling (see pollPage): the retry shows among the retrying operations...
      const retryingRow = await pollPage(page, `${server.url}/console/operations?status=retrying`, rowOf);
      const retryingCells = (await retryingRow.getByRole('cell').allTextContents()).map((text) => text.trim());
      expect(retryingCells[2]).toBe('2 of 3');
      expect(retryingCells[5]).toMatch(/Shipment service is unavailable/);
      expect(await page.getByRole('heading', { name: 'Failed', exact: true }).count()).toBe(0);
      releaseSecondCall();

      // ...then, once the third attempt failed too, among the failed ones.
      const failedRow = await pollPage(page, `${server.url}/console/operations?status=failed`, rowOf);
      const cells = (await failedRow.getByRole('cell').allTextContents()).map((text) => text.trim());
      expect(cells[0]).toBe('Error');
      expect(cells[2]).toBe('3 of 3');
      expect(cells[5]).toMatch(/Shipment service is unavailable \(ref [0-9a-f]+\)/);
      expect(calls).toBe(3);
      const operation = await operationOf(server.engine, operationId);
      expect([operation.status, operation.retry_count]).toEqual(['Error', 2]);

      await Promise.all([
        page.waitForURL(/\/console\/sessions\//),
        failedRow.getByRole('link', { name: 'session' }).click(),
      ]);
      const timeline = page.getByRole('table', { name: 'Timeline of this session (checkout events, in order)' });
      const rows = timeline.getByRole('row');
      const shown = await Promise.all(
        (await rows.all())
          .slice(1)
          .map(async (row) => (await row.locator('th, td').allTextContents()).map((text) => text.trim())),
      );
      const events = shown.map(([, type, what, , outcome]) => ({ type, what, outcome }));
      const retried = events.filter((event) => event.type === 'OperationRetried');
      expect(retried).toHaveLength(2);
      expect(retried.every((event) => event.what?.startsWith('CalculateShipment'))).toBe(true);
      const providerCalls = events.filter((event) => event.type === 'ProviderCall');
      expect(providerCalls).toHaveLength(3);
      expect(providerCalls.every((event) => event.outcome !== '' && event.outcome !== 'Success')).toBe(true);
      const stored = await db
        .selectFrom('checkout_event')
        .select(['event_type', 'outcome'])
        .where('background_operation_id', '=', operationId)
        .where('event_type', 'in', ['OperationRetried', 'ProviderCall'])
        .orderBy('sequence_number')
        .execute();
      expect(stored.filter((event) => event.event_type === 'ProviderCall').map((event) => event.outcome)).toEqual(
        providerCalls.map((event) => event.outcome),
      );
      await context.close();
    } finally {
      releaseSecondCall();
      await browser?.close();
      await new Promise((resolve) => provider.close(resolve));
    }
  }, 120_000);
});

/**
 * Loads `url` until `find` locates something on it: at most 60 loads, each after a quarter
 * second, so a step that never ends fails the test instead of hanging it.
 */
async function pollPage(page: Page, url: string, find: (page: Page) => ReturnType<Page['locator']>) {
  for (let attempt = 0; attempt < 60; attempt += 1) {
    await page.goto(url);
    const found = find(page);
    if ((await found.count()) > 0) return found.first();
    await page.waitForTimeout(250);
  }
  throw new Error(`Nothing showed on ${url}`);
}
