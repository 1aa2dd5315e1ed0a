/**
 * Custom Payment providers, registered like every other type (SPEC.md sections 7 and 9): a
 * module from the operator's provider directory and a signed HTTP endpoint, under the same
 * trust checks; what a buyer can read about a failure is generic.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProviderKind } from '../src/domain/vocabulary.js';
import { authorizePayment } from '../src/payments/authorize-payment.js';
import { isValidSignature, signatureHeader } from '../src/providers/sign-request.js';
import { ledger } from './fixtures/ledger-payment-provider.js';
import { callerOf, openPayableCheckout, payWith, saveCard } from './support/payment-setup.js';
import { testBackend } from './support/test-database.js';
import { openTestEngine, type TestEngine } from './support/test-engine.js';
import { registerStoreProvider } from './support/register-store-provider.js';

const fixturesDir = fileURLToPath(new URL('./fixtures/', import.meta.url));
const secret = 'payment-test-secret';

interface Received {
  readonly body: Record<string, unknown>;
  readonly isSigned: boolean;
}

describe(`custom Payment providers (${testBackend})`, () => {
  let test: TestEngine;
  let server: Server | null = null;
  beforeEach(async () => {
    ledger().requests.length = 0;
    ledger().outcomes.clear();
    test = await openTestEngine(undefined, {
      workers: 0,
      providerSettings: { moduleDir: fixturesDir, httpHosts: ['127.0.0.1'] },
    });
  });
  afterEach(async () => {
    await new Promise((resolve) => (server === null ? resolve(undefined) : server.close(resolve)));
    server = null;
    await test?.dispose();
  });

  async function register(kind: ProviderKind, target: string): Promise<void> {
    await registerStoreProvider(test.engine.store.db, test.store.storeId, {
      type: 'Payment',
      kind,
      target,
      developerName: `Payment_${kind}`,
      secret,
    });
  }

  async function startGateway(
    answer: (body: Record<string, unknown>) => string,
  ): Promise<{ url: string; received: Received[] }> {
    const received: Received[] = [];
    const readBody = async (request: IncomingMessage) => {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    };
    server = createServer((request, response) => {
      void readBody(request).then((raw) => {
        const body = JSON.parse(raw) as Record<string, unknown>;
        received.push({
          body,
          isSigned: isValidSignature(secret, raw, request.headers[signatureHeader.toLowerCase()] as string),
        });
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(answer(body));
      });
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/authorize`, received };
  }

  const authorize = async (cartId: string) =>
    authorizePayment(
      { store: test.engine.store, providers: test.engine.providers },
      await callerOf(test.engine, test.store.buyers[0]!.userId),
      cartId,
    );
  const authorizationsOf = (cartId: string) =>
    test.engine.store.db.selectFrom('payment_authorization').selectAll().where('web_cart_id', '=', cartId).execute();

  it('authorizes through a module provider, which receives the key and the card token, once', async () => {
    await register('Module', 'ledger-payment-provider');
    const { cartId, sessionId } = await openPayableCheckout(test, 45_000);
    const cardId = await saveCard(test.engine, test.store.buyers[0]!.accountId, 'gw_tok_1');
    await payWith(test.engine, cartId, { card: cardId });
    expect((await authorize(cartId)).status).toBe('Authorized');
    expect((await authorize(cartId)).status).toBe('Authorized');
    expect(ledger().requests).toHaveLength(1);
    expect(ledger().requests[0]).toMatchObject({
      idempotencyKey: `${sessionId}-1`,
      amountMinor: 45_000,
      instrument: { kind: 'Card', gatewayToken: 'gw_tok_1' },
    });
    expect(await authorizationsOf(cartId)).toEqual([
      expect.objectContaining({ status: 'Processed', gateway_ref_number: 'ledger-1', payment_method_id: cardId }),
    ]);
  });

  it("records a module provider's decline with its message as the Payment output", async () => {
    await register('Module', 'ledger-payment-provider');
    const { cartId } = await openPayableCheckout(test, 250_000);
    await payWith(test.engine, cartId, { poNumber: 'PO-9' });
    expect(await authorize(cartId)).toMatchObject({ status: 'Declined', message: 'Over the credit limit' });
    const outputs = await test.engine.store.db
      .selectFrom('cart_validation_output')
      .select(['type', 'level', 'message'])
      .where('cart_id', '=', cartId)
      .execute();
    expect(outputs).toEqual([{ type: 'Payment', level: 'Error', message: 'Over the credit limit' }]);
  });

  it('calls an HTTP provider with a signed authorizePayment request', async () => {
    const gateway = await startGateway(() =>
      JSON.stringify({ status: 'SUCCESS', gatewayRefNumber: 'http-77', gatewayResultCode: 'approved' }),
    );
    await register('Http', gateway.url);
    const { cartId, sessionId } = await openPayableCheckout(test, 9_900);
    await payWith(test.engine, cartId, { poNumber: 'PO-HTTP' });
    expect((await authorize(cartId)).status).toBe('Authorized');
    expect(gateway.received).toHaveLength(1);
    expect(gateway.received[0]!.isSigned).toBe(true);
    expect(gateway.received[0]!.body).toMatchObject({
      serviceType: 'Payment',
      method: 'authorizePayment',
      request: {
        idempotencyKey: `${sessionId}-1`,
        amountMinor: 9_900,
        instrument: { kind: 'PurchaseOrder', poNumber: 'PO-HTTP' },
      },
    });
    expect((await authorizationsOf(cartId))[0]).toMatchObject({ status: 'Processed', gateway_ref_number: 'http-77' });
  });

  it('keeps an attempt Pending with a generic message when the HTTP provider answers garbage', async () => {
    const gateway = await startGateway(() => '{"status":"MAYBE"}');
    await register('Http', gateway.url);
    const { cartId } = await openPayableCheckout(test);
    await payWith(test.engine, cartId, { poNumber: 'PO-1' });
    const outcome = await authorize(cartId);
    expect(outcome.status).toBe('Failed');
    expect(outcome.message).toMatch(/^The Payment service is unavailable \(ref [0-9a-f]{8}\)$/);
    const [attempt] = await authorizationsOf(cartId);
    expect(attempt).toMatchObject({ status: 'Pending', gateway_result_code: 'unknown' });
    expect(JSON.stringify(attempt)).not.toContain('127.0.0.1');
  });

  it('refuses a target outside the operator rules before calling or importing anything', async () => {
    const gateway = await startGateway(() => JSON.stringify({ status: 'SUCCESS' }));
    await register('Http', gateway.url.replace('127.0.0.1', 'localhost'));
    const { cartId } = await openPayableCheckout(test);
    await payWith(test.engine, cartId, { poNumber: 'PO-1' });
    expect((await authorize(cartId)).status).toBe('Failed');
    expect(gateway.received).toEqual([]);
    await test.engine.store.db.deleteFrom('store_integrated_service').execute();
    await test.engine.store.db.deleteFrom('registered_external_service').execute();
    await register('Module', '../fixtures/ledger-payment-provider');
    const other = await openPayableCheckout(test);
    await payWith(test.engine, other.cartId, { poNumber: 'PO-2' });
    expect((await authorize(other.cartId)).status).toBe('Failed');
    expect(ledger().requests).toEqual([]);
  });
});
