import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProviderKind, ServiceProviderType } from '../src/domain/vocabulary.js';
import { startTaxProviderServer } from '../examples/tax-provider-server.js';
import { expectSuccess } from './support/checkout-steps.js';
import { cartOf, itemsOf, openCheckout, operationOf, runStepTo, type OpenCheckout } from './support/checkout-setup.js';
import { openTestEngine, type TestEngine } from './support/test-engine.js';
import { createPriceGate } from './fixtures/gated-price-provider.js';
import { registerStoreProvider } from './support/register-store-provider.js';

/** The provider directory of these tests: the fixtures are module providers named by file. */
const fixturesDir = fileURLToPath(new URL('./fixtures/', import.meta.url));

let test: TestEngine;
let checkout: OpenCheckout;
const finished: string[] = [];
beforeEach(async () => {
  finished.length = 0;
  test = await openTestEngine(undefined, {
    providerSettings: { moduleDir: fixturesDir, httpHosts: null },
    // Far beyond every Timeout here: a step that times out is failed by its own timer, never
    // by the reaper of an expired lease, however slowly the machine runs.
    leaseMarginMs: 60_000,
    onWorkerEvent: (event) => {
      if (event.kind === 'finished') finished.push(`${event.operation!.type}:${event.result ?? ''}`);
    },
  });
  checkout = await openCheckout(test);
});
afterEach(async () => {
  await test.dispose();
});

async function register(
  type: ServiceProviderType,
  kind: ProviderKind,
  target: string,
  settings: { secret?: string; timeoutMs?: number; retryLimit?: number } = {},
): Promise<string> {
  return registerStoreProvider(test.engine.store.db, test.store.storeId, {
    type,
    kind,
    target,
    ...settings,
    retryLimit: settings.retryLimit ?? 0,
  });
}

/** Prices the cart with the built-in provider, then runs the taxes step. */
async function runTaxes(): Promise<string> {
  await runStepTo(checkout, 'Start', 'Confirm Price', 'priceCart');
  return runStepTo(checkout, 'Confirm Price', 'Taxes', 'calcCartTaxesAction');
}

/**
 * The step failed with a SystemError: buyers read a generic message with a ref; the failure's
 * details (`detailPart`) are in ErrorDetail under the same ref.
 */
async function expectSystemError(operationId: string, detailPart: string) {
  const operation = await operationOf(test.engine, operationId);
  expect(operation.status).toBe('Error');
  const ref = /^The Tax service is unavailable \(ref ([0-9a-f]{8})\)$/.exec(operation.error ?? '')?.[1];
  expect(ref, operation.error ?? '').toBeDefined();
  expect(operation.error_detail).toContain(`ref ${ref!}`);
  expect(operation.error_detail).toContain(detailPart);
  expect(await checkout.driver.session(checkout.sessionId)).toMatchObject({
    state: 'Error',
    is_error: 1,
    is_processing: 0,
  });
  const outputs = await test.engine.store.db
    .selectFrom('cart_validation_output')
    .selectAll()
    .where('type', '=', 'SystemError')
    .execute();
  expect(outputs).toHaveLength(1);
  expect(outputs[0]!.level).toBe('Error');
  expect(outputs[0]!.message).toBe(operation.error);
  expect((await cartOf(test.engine, checkout.cartId)).total_tax_amount).toBe(0);
}

async function withServer(handler: Parameters<typeof createServer>[1], work: (url: string) => Promise<void>) {
  const server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    await work(`http://127.0.0.1:${port}/`);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

describe('a failing custom provider fails the step with a SystemError output', () => {
  it('a module provider that throws', async () => {
    await register('Tax', 'Module', 'throwing-tax-provider');
    await expectSystemError(await runTaxes(), 'tax engine is down');
  });

  it('a module provider that hangs past the operation Timeout', async () => {
    await register('Tax', 'Module', 'hanging-tax-provider', { timeoutMs: 200 });
    const operationId = await runTaxes();
    expect((await operationOf(test.engine, operationId)).timeout).toBe(200);
    await expectSystemError(operationId, 'Timed out after 200 ms');
  });

  it('after its retries: a throwing provider is retried RetryLimit times', async () => {
    await register('Tax', 'Module', 'throwing-tax-provider', { retryLimit: 1 });
    const operationId = await runTaxes();
    expect((await operationOf(test.engine, operationId)).retry_count).toBe(1);
    await expectSystemError(operationId, 'tax engine is down');
  });

  it('an HTTP provider answering 500', async () => {
    await withServer(
      (_request, response) => {
        response.writeHead(500).end('{"error":"boom"}');
      },
      async (url) => {
        await register('Tax', 'Http', url);
        await expectSystemError(await runTaxes(), 'answered HTTP 500');
      },
    );
  });

  it('an HTTP provider answering malformed JSON', async () => {
    await withServer(
      (_request, response) => {
        response.writeHead(200, { 'Content-Type': 'application/json' }).end('{"status": "SUCC');
      },
      async (url) => {
        await register('Tax', 'Http', url);
        await expectSystemError(await runTaxes(), 'malformed JSON');
      },
    );
  });

  it('an HTTP provider answering JSON of the wrong shape', async () => {
    await withServer(
      (_request, response) => {
        response.writeHead(200, { 'Content-Type': 'application/json' }).end('{"status":"SUCCESS","taxes":[{"x":1}]}');
      },
      async (url) => {
        await register('Tax', 'Http', url);
        await expectSystemError(await runTaxes(), 'invalid response');
      },
    );
  });

  it('an HTTP provider that never answers within its TimeoutMs', async () => {
    await withServer(
      () => undefined,
      async (url) => {
        await register('Tax', 'Http', url, { timeoutMs: 250 });
        await expectSystemError(await runTaxes(), '250 ms');
      },
    );
  });
});

describe('the example HTTP tax provider', () => {
  it('taxes every line with a signed request it verifies', async () => {
    const server = await startTaxProviderServer({ secret: 'shared-secret', ratePercent: 8.875 });
    try {
      await register('Tax', 'Http', server.url, { secret: 'shared-secret', timeoutMs: 30_000 });
      const operationId = await runTaxes();
      expect((await operationOf(test.engine, operationId)).status).toBe('Complete');
      expect(server.received).toEqual([{ isVerified: true, lineCount: 2 }]);
      // 8.875 % of 30.00 = 2.6625 → 2.66; of 5.00 = 0.44375 → 0.44.
      const cart = await cartOf(test.engine, checkout.cartId);
      expect(cart).toMatchObject({ total_tax_amount: 310, grand_total_amount: 3810 });
      const taxes = await test.engine.store.db
        .selectFrom('cart_tax')
        .select(['amount', 'tax_rate'])
        .orderBy('amount')
        .execute();
      expect(taxes).toEqual([
        { amount: 44, tax_rate: 8.875 },
        { amount: 266, tax_rate: 8.875 },
      ]);
    } finally {
      await server.close();
    }
  });

  it('refuses a request signed with another secret, which fails the step', async () => {
    const server = await startTaxProviderServer({ secret: 'shared-secret', ratePercent: 5 });
    try {
      await register('Tax', 'Http', server.url, { secret: 'wrong-secret', timeoutMs: 30_000 });
      await expectSystemError(await runTaxes(), 'answered HTTP 401');
      expect(server.received).toEqual([]);
    } finally {
      await server.close();
    }
  });
});

describe('a canceled operation', () => {
  it('writes nothing when its worker finishes after the cancel', async () => {
    const gate = createPriceGate();
    await register('Price', 'Module', 'gated-price-provider', { timeoutMs: 10_000 });
    await checkout.driver.moveTo(checkout.sessionId, 'Start', 'Confirm Price');
    const started = expectSuccess(await checkout.driver.invoke('priceCart', { cartId: checkout.cartId }));
    await gate.entered;
    expectSuccess(await checkout.driver.invoke('cancelCartAsyncOperation', { cartId: checkout.cartId }));
    gate.open();
    const deadline = Date.now() + 30_000;
    while (!finished.includes('PriceCart:Lost') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(finished).toContain('PriceCart:Lost');

    const operation = await operationOf(test.engine, started.backgroundOperationId as string);
    expect(operation.status).toBe('Canceled');
    expect((await itemsOf(test.engine, checkout.cartId)).every((item) => item.sales_price === null)).toBe(true);
    expect(await cartOf(test.engine, checkout.cartId)).toMatchObject({ status: 'Active', grand_total_amount: 0 });
    expect(await checkout.driver.session(checkout.sessionId)).toMatchObject({
      is_archived: 1,
      is_processing: 0,
      state: 'Start',
    });
    expect(await test.engine.store.db.selectFrom('cart_validation_output').selectAll().execute()).toEqual([]);
  });
});
