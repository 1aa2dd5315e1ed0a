/**
 * Custom providers are the operator's decision, not an API caller's (SPEC.md section 7, ADR
 * 0011). Each case is an attack first: a Module Target that is a path, an HTTP Target that is not
 * http(s) or not to an allowed host, and a buyer reading a provider failure's details.
 */
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-assignment -- response bodies are untyped JSON */
import { mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { issueAccessToken } from '../src/access/access-tokens.js';
import { assignPermissionSet, systemUserId } from '../src/access/permission-sets.js';
import { loadConfig, providerSettingsOf } from '../src/config.js';
import type { ProviderKind } from '../src/domain/vocabulary.js';
import type { ProviderSettings } from '../src/providers/provider-settings.js';
import { insertRecord } from '../src/store/insert-record.js';
import { openCheckout, operationOf, runStepTo, type OpenCheckout } from './support/checkout-setup.js';
import { startHttpTestServer, type HttpResponse, type HttpTestServer } from './support/http-test-server.js';

const v = '/services/data/v60.0';
const markerFile = fileURLToPath(new URL('./fixtures/import-marker-tax-provider.ts', import.meta.url));
const importedKey = Symbol.for('b2b-checkout.test.import-marker');
const wasMarkerImported = () => (globalThis as Record<symbol, boolean | undefined>)[importedKey] === true;
const genericMessage = /^The Tax service is unavailable \(ref ([0-9a-f]{8})\)$/;

/** A provider directory with one real module (`flat-tax`) and a link leading outside (`escape`). */
function makeProviderDir(): string {
  const directory = mkdtempSync(join(tmpdir(), 'b2b-providers-'));
  writeFileSync(
    join(directory, 'flat-tax.mjs'),
    "export default { calculateTaxes: async () => ({ status: 'SUCCESS', taxes: [] }) };\n",
  );
  symlinkSync(markerFile, join(directory, 'escape.ts'));
  return directory;
}

let server: HttpTestServer | null = null;
let providerDir: string | null = null;
const logged: { error: unknown; context: string }[] = [];
afterEach(async () => {
  await server?.dispose();
  server = null;
  if (providerDir !== null) rmSync(providerDir, { recursive: true, force: true });
  providerDir = null;
  logged.length = 0;
});

async function start(settings: Partial<ProviderSettings> = {}): Promise<HttpTestServer> {
  providerDir = makeProviderDir();
  server = await startHttpTestServer(undefined, {
    engineOptions: {
      providerSettings: { moduleDir: providerDir, httpHosts: null, ...settings },
      onError: (error, context) => logged.push({ error, context }),
    },
  });
  return server;
}

const serviceBody = (kind: ProviderKind, target: string) => ({
  DeveloperName: `Tax_${Math.random().toString(36).slice(2, 8)}`,
  ExternalServiceProviderType: 'Tax',
  ProviderKind: kind,
  Target: target,
  Secret: 'signing-secret',
  TimeoutMs: 2_000,
  RetryLimit: 0,
});

function expectTargetRefused(response: HttpResponse, messagePart: RegExp) {
  expect(response.status, JSON.stringify(response.body)).toBe(400);
  expect(response.body).toEqual([
    { message: expect.stringMatching(messagePart), errorCode: 'FIELD_INTEGRITY_EXCEPTION', fields: ['Target'] },
  ]);
}

async function serviceCount(test: HttpTestServer): Promise<number> {
  return (await test.engine.store.db.selectFrom('registered_external_service').select('id').execute()).length;
}

/** A service row written straight to the database (before the rules, or by hand), mapped for Tax. */
async function plantService(test: HttpTestServer, kind: ProviderKind, target: string): Promise<void> {
  const db = test.engine.store.db;
  const serviceId = await insertRecord(
    db,
    'registeredExternalService',
    {
      developer_name: `Planted_${Math.random().toString(36).slice(2, 8)}`,
      external_service_provider_type: 'Tax',
      provider_kind: kind,
      target,
      secret: 'signing-secret',
      timeout_ms: 2_000,
      retry_limit: 0,
    },
    systemUserId,
  );
  await db.deleteFrom('store_integrated_service').execute();
  await insertRecord(
    db,
    'storeIntegratedService',
    { store_id: test.store.storeId, service_provider_type: 'Tax', integration: serviceId },
    systemUserId,
  );
}

async function runTaxes(test: HttpTestServer): Promise<{ checkout: OpenCheckout; operationId: string }> {
  const checkout = await openCheckout(test);
  await runStepTo(checkout, 'Start', 'Confirm Price', 'priceCart');
  const operationId = await runStepTo(checkout, 'Confirm Price', 'Taxes', 'calcCartTaxesAction');
  return { checkout, operationId };
}

async function expectFailedSafely(test: HttpTestServer, run: { checkout: OpenCheckout; operationId: string }) {
  const operation = await operationOf(test.engine, run.operationId);
  expect(operation.status).toBe('Error');
  expect(operation.error).toMatch(genericMessage);
  expect(await run.checkout.driver.session(run.checkout.sessionId)).toMatchObject({
    state: 'Error',
    is_error: 1,
    is_processing: 0,
  });
  const outputs = await test.engine.store.db
    .selectFrom('cart_validation_output')
    .select(['type', 'level', 'message'])
    .where('cart_id', '=', run.checkout.cartId)
    .where('type', '=', 'SystemError')
    .execute();
  expect(outputs).toEqual([{ type: 'SystemError', level: 'Error', message: operation.error }]);
  // The server is still alive and answering.
  expect((await test.request('GET', `${v}/sobjects`)).status).toBe(200);
  return operation;
}

async function withProviderServer(
  handler: Parameters<typeof createServer>[1],
  work: (url: string, port: number) => Promise<void>,
) {
  const provider: Server = createServer(handler);
  await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
  const { port } = provider.address() as AddressInfo;
  try {
    await work(`http://127.0.0.1:${port}/tax`, port);
  } finally {
    provider.closeAllConnections();
    await new Promise((resolve) => provider.close(resolve));
  }
}

describe('the operator’s provider settings', () => {
  it('are read from the environment once and refused with a clear error when invalid', () => {
    const directory = makeProviderDir();
    providerDir = directory;
    const config = loadConfig(
      {},
      { B2B_CHECKOUT_PROVIDER_DIR: directory, B2B_CHECKOUT_PROVIDER_HOSTS: 'Tax.Example.com, 127.0.0.1:8787' },
    );
    expect(providerSettingsOf(config)).toEqual({
      moduleDir: realpathSync(directory),
      httpHosts: ['tax.example.com', '127.0.0.1:8787'],
      isTestGatewayEnabled: false,
    });
    expect(providerSettingsOf(loadConfig({}, {}))).toEqual({
      moduleDir: null,
      httpHosts: null,
      isTestGatewayEnabled: false,
    });
    expect(providerSettingsOf(loadConfig({}, { B2B_CHECKOUT_TEST_PAYMENTS: 'true' })).isTestGatewayEnabled).toBe(true);
    expect(providerSettingsOf(loadConfig({ demo: true }, {})).isTestGatewayEnabled).toBe(true);
    expect(() => loadConfig({}, { B2B_CHECKOUT_PROVIDER_DIR: join(directory, 'missing') })).toThrow(
      /B2B_CHECKOUT_PROVIDER_DIR is not a directory/,
    );
    expect(() => loadConfig({}, { B2B_CHECKOUT_PROVIDER_HOSTS: 'tax.example.com,http://evil/x' })).toThrow(
      /B2B_CHECKOUT_PROVIDER_HOSTS lists host names/,
    );
  });
});

const pathTargets = [
  'node_modules/typescript/bin/tsc',
  '/etc/passwd',
  '/etc/hostname',
  '../x',
  'flat-tax/../escape',
  './flat-tax',
  markerFile,
  `file://${markerFile}`,
  'escape',
];

describe('a Module provider is a name in the operator’s provider directory', () => {
  it('refuses a Target that is a path, a URL, a link out of the directory or no module there, and stores nothing', async () => {
    const test = await start();
    for (const target of [...pathTargets, 'no-such-module']) {
      const created = await test.request('POST', `${v}/sobjects/RegisteredExternalService`, {
        body: serviceBody('Module', target),
      });
      expectTargetRefused(created, /Module provider|provider directory/);
    }
    expect(await serviceCount(test)).toBe(0);
    expect(wasMarkerImported()).toBe(false);
  });

  it('accepts a bare name that resolves inside the directory', async () => {
    const test = await start();
    const created = await test.request('POST', `${v}/sobjects/RegisteredExternalService`, {
      body: serviceBody('Module', 'flat-tax'),
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
  });

  it('refuses an update that turns a service into a path or a Module named by a URL, and changes nothing', async () => {
    const test = await start();
    const created = await test.request('POST', `${v}/sobjects/RegisteredExternalService`, {
      body: serviceBody('Module', 'flat-tax'),
    });
    const path = `${v}/sobjects/RegisteredExternalService/${created.body.id as string}`;
    expectTargetRefused(await test.request('PATCH', path, { body: { Target: '/etc/passwd' } }), /not a path/);
    const http = await test.request('POST', `${v}/sobjects/RegisteredExternalService`, {
      body: serviceBody('Http', 'http://127.0.0.1:9/tax'),
    });
    const httpPath = `${v}/sobjects/RegisteredExternalService/${http.body.id as string}`;
    expectTargetRefused(await test.request('PATCH', httpPath, { body: { ProviderKind: 'Module' } }), /not a path/);
    const stored = await test.engine.store.db
      .selectFrom('registered_external_service')
      .select(['provider_kind', 'target'])
      .orderBy('target')
      .execute();
    expect(stored).toEqual([
      { provider_kind: 'Module', target: 'flat-tax' },
      { provider_kind: 'Http', target: 'http://127.0.0.1:9/tax' },
    ]);
  });

  it('refuses every Module provider when the operator configured no provider directory', async () => {
    const test = await start({ moduleDir: null });
    const created = await test.request('POST', `${v}/sobjects/RegisteredExternalService`, {
      body: serviceBody('Module', 'flat-tax'),
    });
    expectTargetRefused(created, /B2B_CHECKOUT_PROVIDER_DIR/);
    expect(await serviceCount(test)).toBe(0);
  });

  it('fails the step safely for a row planted with a path Target, importing nothing', async () => {
    const test = await start();
    for (const target of ['node_modules/typescript/bin/tsc', '/etc/passwd', '../x', markerFile, 'escape']) {
      await plantService(test, 'Module', target);
      const operation = await expectFailedSafely(test, await runTaxes(test));
      expect(operation.error_detail).toContain('refused');
    }
    expect(wasMarkerImported()).toBe(false);
  });

  it('fails the step safely when the module was removed from the directory after it was registered', async () => {
    const test = await start();
    const created = await test.request('POST', `${v}/sobjects/RegisteredExternalService`, {
      body: serviceBody('Module', 'flat-tax'),
    });
    expect(created.status).toBe(201);
    rmSync(join(providerDir!, 'flat-tax.mjs'));
    await plantService(test, 'Module', 'flat-tax');
    const operation = await expectFailedSafely(test, await runTaxes(test));
    expect(operation.error_detail).toContain('No module flat-tax');
  });
});

describe('an HTTP provider’s Target', () => {
  it('refuses data:, file: and other schemes, and URLs with credentials, at write time', async () => {
    const test = await start();
    for (const target of [
      'data:application/json,{"status":"SUCCESS","taxes":[]}',
      'file:///etc/passwd',
      'ftp://127.0.0.1/tax',
      'javascript:alert(1)',
      'not a url',
      'http://user:password@127.0.0.1:9/tax',
    ]) {
      expectTargetRefused(
        await test.request('POST', `${v}/sobjects/RegisteredExternalService`, { body: serviceBody('Http', target) }),
        /Http provider Target/,
      );
    }
    expect(await serviceCount(test)).toBe(0);
  });

  it('refuses a host outside B2B_CHECKOUT_PROVIDER_HOSTS and accepts one in it', async () => {
    const test = await start({ httpHosts: ['tax.example.com', '127.0.0.1:8443'] });
    for (const target of [
      'http://169.254.169.254/latest/meta-data',
      'http://127.0.0.1:5432/',
      'https://evil.example/',
    ]) {
      expectTargetRefused(
        await test.request('POST', `${v}/sobjects/RegisteredExternalService`, { body: serviceBody('Http', target) }),
        /B2B_CHECKOUT_PROVIDER_HOSTS/,
      );
    }
    expect(await serviceCount(test)).toBe(0);
    for (const target of [
      'https://tax.example.com/v1/tax',
      'http://TAX.example.com:8080/',
      'https://127.0.0.1:8443/t',
    ]) {
      const created = await test.request('POST', `${v}/sobjects/RegisteredExternalService`, {
        body: serviceBody('Http', target),
      });
      expect(created.status, `${target}: ${JSON.stringify(created.body)}`).toBe(201);
    }
  });

  it('checks a planted row again before the call: a host outside the list is never called', async () => {
    const test = await start({ httpHosts: ['tax.example.com'] });
    let calls = 0;
    await withProviderServer(
      (_request, response) => {
        calls += 1;
        response.writeHead(200, { 'Content-Type': 'application/json' }).end('{"status":"SUCCESS","taxes":[]}');
      },
      async (url) => {
        await plantService(test, 'Http', url);
        const operation = await expectFailedSafely(test, await runTaxes(test));
        expect(operation.error_detail).toContain('B2B_CHECKOUT_PROVIDER_HOSTS');
      },
    );
    expect(calls).toBe(0);
  });
});

describe('what a buyer reads about a failed provider', () => {
  /** A Tax step that failed against a provider answering 404; the buyer's token and the ids. */
  async function failedStep(test: HttpTestServer) {
    let ids = { operationId: '', cartId: '', sessionId: '' };
    let targetPort = 0;
    await withProviderServer(
      (_request, response) => {
        response.writeHead(404).end('not here');
      },
      async (url, port) => {
        targetPort = port;
        await plantService(test, 'Http', url);
        const run = await runTaxes(test);
        ids = { operationId: run.operationId, cartId: run.checkout.cartId, sessionId: run.checkout.sessionId };
      },
    );
    return { ...ids, targetPort, buyerToken: test.buyerTokens[0]! };
  }

  /** What must never reach a buyer: the target, its status, this host and process, a path. */
  const secrets = (port: number) => [
    `127.0.0.1:${port}`,
    'HTTP 404',
    'POST',
    `${hostname()}:${process.pid}`,
    process.cwd(),
  ];

  it('sees a generic message with a ref, never the URL, status, host or process', async () => {
    const test = await start();
    const failed = await failedStep(test);
    const asBuyer = (path: string) => test.request('GET', `${v}${path}`, { token: failed.buyerToken });

    const record = await asBuyer(`/sobjects/BackgroundOperation/${failed.operationId}`);
    expect(record.status).toBe(200);
    expect(record.body.Error).toMatch(genericMessage);
    expect(record.body).not.toHaveProperty('WorkerUri');
    expect(record.body).not.toHaveProperty('ErrorDetail');

    const outputs = await asBuyer(
      `/query?q=${encodeURIComponent(`SELECT Type, Level, Message FROM CartValidationOutput WHERE CartId = '${failed.cartId}'`)}`,
    );
    expect(outputs.status, outputs.text).toBe(200);
    expect(outputs.body.records.map((row: { Message: string }) => row.Message)).toEqual([record.body.Error]);

    const operations = await asBuyer(
      `/query?q=${encodeURIComponent(`SELECT Id, Status, Error FROM BackgroundOperation WHERE Id = '${failed.operationId}'`)}`,
    );
    expect(operations.body.records[0].Error).toBe(record.body.Error);

    for (const text of [record.text, outputs.text, operations.text]) {
      for (const secret of secrets(failed.targetPort)) expect(text).not.toContain(secret);
    }
  });

  it('cannot read WorkerUri or ErrorDetail by GET, SOQL, a filter, a parent field or describe', async () => {
    const test = await start();
    const failed = await failedStep(test);
    const asBuyer = (path: string) => test.request('GET', `${v}${path}`, { token: failed.buyerToken });
    for (const field of ['WorkerUri', 'ErrorDetail']) {
      const fields = await asBuyer(`/sobjects/BackgroundOperation/${failed.operationId}?fields=Id,${field}`);
      expect(fields.status).toBe(400);
      expect(fields.body[0].errorCode).toBe('INVALID_FIELD');
      for (const soql of [
        `SELECT Id, ${field} FROM BackgroundOperation`,
        `SELECT Id FROM BackgroundOperation WHERE ${field} != null`,
        `SELECT Id FROM BackgroundOperation ORDER BY ${field}`,
        `SELECT Id, BackgroundOperation.${field} FROM CartCheckoutSession`,
      ]) {
        const query = await asBuyer(`/query?q=${encodeURIComponent(soql)}`);
        expect(query.status, soql).toBe(400);
        expect(query.body[0].errorCode, soql).toBe('INVALID_FIELD');
      }
    }
    const describe = await asBuyer('/sobjects/BackgroundOperation/describe');
    const names = describe.body.fields.map((field: { name: string }) => field.name);
    expect(names).toContain('Error');
    expect(names).not.toContain('WorkerUri');
    expect(names).not.toContain('ErrorDetail');
  });

  it('lets administrators and integrators read the details under the same ref, and logs them', async () => {
    const test = await start();
    const failed = await failedStep(test);
    const db = test.engine.store.db;
    const integratorId = await insertRecord(
      db,
      'user',
      { username: 'integrator@example.com', last_name: 'Integrator' },
      systemUserId,
    );
    await assignPermissionSet(db, integratorId, 'B2BCommerceIntegrator');
    const integratorToken = await issueAccessToken(db, integratorId);
    for (const token of [test.adminToken, integratorToken]) {
      const record = await test.request('GET', `${v}/sobjects/BackgroundOperation/${failed.operationId}`, { token });
      expect(record.status).toBe(200);
      const ref = genericMessage.exec(record.body.Error as string)![1]!;
      expect(record.body.ErrorDetail).toContain(`ref ${ref}`);
      expect(record.body.ErrorDetail).toContain(`http://127.0.0.1:${failed.targetPort}/tax`);
      expect(record.body.ErrorDetail).toContain('answered HTTP 404');
      expect(record.body.WorkerUri).toEqual(expect.any(String));
      const query = await test.request(
        'GET',
        `${v}/query?q=${encodeURIComponent(`SELECT WorkerUri, ErrorDetail FROM BackgroundOperation WHERE ErrorDetail != null`)}`,
        { token },
      );
      expect(query.body.records).toEqual([expect.objectContaining({ ErrorDetail: record.body.ErrorDetail })]);
      const describe = await test.request('GET', `${v}/sobjects/BackgroundOperation/describe`, { token });
      expect(describe.body.fields.map((field: { name: string }) => field.name)).toEqual(
        expect.arrayContaining(['WorkerUri', 'ErrorDetail']),
      );
      expect(logged.some((entry) => entry.context.includes(`(ref ${ref})`))).toBe(true);
    }
  });

  it('reads the same kind of message whether the provider’s port is open or closed', async () => {
    const test = await start();
    const open = await failedStep(test);
    await plantService(test, 'Http', `http://127.0.0.1:${open.targetPort}/tax`); // now closed
    const closed = await runTaxes(test);
    const asBuyer = (id: string) =>
      test.request('GET', `${v}/sobjects/BackgroundOperation/${id}`, { token: open.buyerToken });
    const [first, second] = [await asBuyer(open.operationId), await asBuyer(closed.operationId)];
    expect(first.body.Error).toMatch(genericMessage);
    expect(second.body.Error).toMatch(genericMessage);
    expect(first.body.Error.replace(/[0-9a-f]{8}/, '')).toBe(second.body.Error.replace(/[0-9a-f]{8}/, ''));
  });
});
