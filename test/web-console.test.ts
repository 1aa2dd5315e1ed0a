/**
 * The operations console over HTTP: the flows page lists every deployed flow version, and a
 * provider that keeps failing shows its attempts, its error and its provider calls to an
 * administrator; buyers are refused both pages.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { administratorUsername } from '../src/access/ensure-administrator.js';
import { setPassword } from '../src/access/passwords.js';
import { systemUserId } from '../src/access/permission-sets.js';
import { flowTables } from '../src/flows/flow-tables.js';
import { insertRecord } from '../src/store/insert-record.js';
import { openCheckout, operationOf, runStepTo } from './support/checkout-setup.js';
import { startHttpTestServer, type HttpTestServer } from './support/http-test-server.js';
import { WebClient } from './support/web-client.js';

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
    const serviceId = await insertRecord(
      db,
      'registeredExternalService',
      {
        developer_name: 'Tax_Module_console',
        external_service_provider_type: 'Tax',
        provider_kind: 'Module',
        target: 'throwing-tax-provider',
        secret: 'test-secret',
        timeout_ms: 30_000,
        retry_limit: 1,
      },
      systemUserId,
    );
    await insertRecord(
      db,
      'storeIntegratedService',
      { store_id: server.store.storeId, service_provider_type: 'Tax', integration: serviceId },
      systemUserId,
    );
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
});
