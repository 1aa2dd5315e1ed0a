/**
 * Payment authorization (SPEC.md section 9): the built-in purchase order and test gateway,
 * declines as `Payment` outputs, and never two authorizations for one attempt of one checkout —
 * not on a repeated call, not on a retry after an unknown outcome, not under concurrent calls.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isCheckoutError } from '../src/domain/errors.js';
import { createProviders } from '../src/providers/create-providers.js';
import { authorizePayment } from '../src/payments/authorize-payment.js';
import type { PaymentResponse } from '../src/providers/payment/payment-provider.js';
import { testBackend } from './support/test-database.js';
import { openTestEngine, type TestEngine } from './support/test-engine.js';
import {
  callerOf,
  openPayableCheckout,
  payWith,
  providersWithPayment,
  saveCard,
  testGatewayProviders,
} from './support/payment-setup.js';

describe(`payment authorization (${testBackend})`, () => {
  let test: TestEngine;
  beforeEach(async () => {
    test = await openTestEngine(undefined, { workers: 0 });
  });
  afterEach(async () => {
    await test?.dispose();
  });

  const buyer = () => test.store.buyers[0]!;
  const db = () => test.engine.store.db;
  const authorizationsOf = (cartId: string) =>
    db().selectFrom('payment_authorization').selectAll().where('web_cart_id', '=', cartId).orderBy('attempt').execute();
  const paymentOutputsOf = (cartId: string) =>
    db()
      .selectFrom('cart_validation_output')
      .select(['level', 'type', 'message'])
      .where('cart_id', '=', cartId)
      .where('type', '=', 'Payment')
      .execute();
  const authorize = async (
    cartId: string,
    options: { providers?: ReturnType<typeof createProviders>; timeoutMs?: number } = {},
  ) =>
    authorizePayment(
      {
        store: test.engine.store,
        providers: options.providers ?? testGatewayProviders(test.engine),
        ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      },
      await callerOf(test.engine, buyer().userId),
      cartId,
    );

  it('authorizes a purchase order with its number and records a Processed authorization', async () => {
    const { cartId, sessionId } = await openPayableCheckout(test, 12_345);
    await payWith(test.engine, cartId, { poNumber: 'PO-778' });
    const outcome = await authorize(cartId);
    expect(outcome).toMatchObject({ status: 'Authorized', message: null });
    const [authorization, ...others] = await authorizationsOf(cartId);
    expect(others).toEqual([]);
    expect(authorization).toMatchObject({
      id: outcome.authorizationId,
      checkout_session_id: sessionId,
      account_id: buyer().accountId,
      payment_method_id: null,
      amount: 12_345,
      currency_iso_code: 'USD',
      status: 'Processed',
      gateway_ref_number: 'PO-778',
      idempotency_key: `${sessionId}-1`,
      lease_expires_at_ms: null,
    });
    expect(await paymentOutputsOf(cartId)).toEqual([]);
  });

  it('declines a purchase order without a number with an Error output of type Payment', async () => {
    const { cartId } = await openPayableCheckout(test);
    await payWith(test.engine, cartId, {});
    const outcome = await authorize(cartId);
    expect(outcome.status).toBe('Declined');
    expect(outcome.message).toMatch(/purchase order number is required/);
    expect((await authorizationsOf(cartId)).map((row) => row.status)).toEqual(['Failed']);
    expect(await paymentOutputsOf(cartId)).toEqual([{ level: 'Error', type: 'Payment', message: outcome.message }]);
  });

  it('approves tok_approve, and a repeated authorization returns the same one without asking again', async () => {
    const { cartId, sessionId } = await openPayableCheckout(test, 5_000);
    const cardId = await saveCard(test.engine, buyer().accountId, 'tok_approve');
    await payWith(test.engine, cartId, { card: cardId });
    const { providers, requests } = providersWithPayment(test.engine, (request, signal) =>
      testGatewayProviders(test.engine)
        .forStore(request.storeId, 'Payment')
        .then((gateway) => gateway.authorizePayment(request, signal)),
    );
    const first = await authorize(cartId, { providers });
    const second = await authorize(cartId, { providers });
    expect(first.status).toBe('Authorized');
    expect(second).toEqual(first);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({
      idempotencyKey: `${sessionId}-1`,
      amountMinor: 5_000,
      instrument: { kind: 'Card', paymentMethodId: cardId, gatewayToken: 'tok_approve' },
    });
    const rows = await authorizationsOf(cartId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'Processed', payment_method_id: cardId, gateway_result_code: 'approved' });
  });

  it('declines tok_decline, then a new attempt with another card is authorized under a new key', async () => {
    const { cartId, sessionId } = await openPayableCheckout(test);
    await payWith(test.engine, cartId, { card: await saveCard(test.engine, buyer().accountId, 'tok_decline') });
    const declined = await authorize(cartId);
    expect(declined).toMatchObject({ status: 'Declined', message: 'The card was declined' });
    expect(await paymentOutputsOf(cartId)).toEqual([
      { level: 'Error', type: 'Payment', message: 'The card was declined' },
    ]);
    await payWith(test.engine, cartId, { card: await saveCard(test.engine, buyer().accountId, 'tok_approve') });
    const approved = await authorize(cartId);
    expect(approved.status).toBe('Authorized');
    const rows = await authorizationsOf(cartId);
    expect(rows.map((row) => [row.idempotency_key, row.status])).toEqual([
      [`${sessionId}-1`, 'Failed'],
      [`${sessionId}-2`, 'Processed'],
    ]);
    expect(await paymentOutputsOf(cartId)).toEqual([]);
  });

  it('leaves a tok_timeout attempt Pending with a generic output; the retry asks again with the same key', async () => {
    const { cartId, sessionId } = await openPayableCheckout(test);
    await payWith(test.engine, cartId, { card: await saveCard(test.engine, buyer().accountId, 'tok_timeout') });
    const timedOut = await authorize(cartId, { timeoutMs: 50 });
    expect(timedOut.status).toBe('Failed');
    expect(timedOut.message).toMatch(/^The Payment service is unavailable \(ref [0-9a-f]{8}\)$/);
    const [pending] = await authorizationsOf(cartId);
    expect(pending).toMatchObject({ status: 'Pending', idempotency_key: `${sessionId}-1`, lease_expires_at_ms: null });
    expect(await paymentOutputsOf(cartId)).toEqual([{ level: 'Error', type: 'Payment', message: timedOut.message }]);

    // The gateway answers this time: the same attempt, the same key, no second authorization.
    const { providers, requests } = providersWithPayment(test.engine, () =>
      Promise.resolve({ status: 'SUCCESS', gatewayRefNumber: 'gw-1', gatewayResultCode: 'approved' }),
    );
    const retried = await authorize(cartId, { providers });
    expect(retried).toMatchObject({ status: 'Authorized', authorizationId: pending!.id });
    expect(requests.map((request) => request.idempotencyKey)).toEqual([`${sessionId}-1`]);
    const rows = await authorizationsOf(cartId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'Processed', gateway_ref_number: 'gw-1' });
    expect(await paymentOutputsOf(cartId)).toEqual([]);
  });

  it('lets exactly one of concurrent authorizations ask the gateway; the others get ALREADY_IN_PROCESS', async () => {
    const { cartId } = await openPayableCheckout(test);
    await payWith(test.engine, cartId, { poNumber: 'PO-1' });
    let release: (answer: PaymentResponse) => void = () => undefined;
    const gate = new Promise<PaymentResponse>((resolve) => (release = resolve));
    const { providers, requests } = providersWithPayment(test.engine, () => gate);
    const callers = 5;
    let settled = 0;
    const calls = Array.from({ length: callers }, () =>
      authorize(cartId, { providers }).finally(() => {
        settled += 1;
        // Every caller but the one at the gateway has its answer: let the gateway answer.
        if (settled === callers - 1) release({ status: 'SUCCESS', gatewayRefNumber: 'gw-9' });
      }),
    );
    const results = await Promise.allSettled(calls);
    const fulfilled = results.filter((result) => result.status === 'fulfilled');
    const rejected = results.filter((result) => result.status === 'rejected');
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(callers - 1);
    for (const result of rejected) {
      const reason: unknown = result.reason;
      expect(isCheckoutError(reason) && [reason.errorCode, reason.httpStatus]).toEqual(['ALREADY_IN_PROCESS', 409]);
    }
    expect(requests).toHaveLength(1);
    const rows = await authorizationsOf(cartId);
    expect(rows.map((row) => [row.status, row.gateway_ref_number])).toEqual([['Processed', 'gw-9']]);
    expect((await authorize(cartId, { providers })).authorizationId).toBe(rows[0]!.id);
    expect(requests).toHaveLength(1);
  });

  it('declines cards when the test gateway is off, and refuses another account with nothing stored', async () => {
    const { cartId } = await openPayableCheckout(test);
    await payWith(test.engine, cartId, { card: await saveCard(test.engine, buyer().accountId, 'tok_approve') });
    const off = await authorize(cartId, { providers: createProviders(db()) });
    expect(off).toMatchObject({ status: 'Declined', message: 'This store does not take card payments' });

    const other = await openPayableCheckout(test);
    const before = await authorizationsOf(other.cartId);
    const stranger = await callerOf(test.engine, test.store.buyers[1]!.userId);
    const refusal = authorizePayment(
      { store: test.engine.store, providers: testGatewayProviders(test.engine) },
      stranger,
      other.cartId,
    );
    await expect(refusal).rejects.toMatchObject({ errorCode: 'INVALID_INPUT', httpStatus: 400 });
    expect(await authorizationsOf(other.cartId)).toEqual(before);
    expect(await paymentOutputsOf(other.cartId)).toEqual([]);
  });

  it('refuses a card of another account on the cart, and a cart without an amount, storing nothing', async () => {
    const { cartId } = await openPayableCheckout(test);
    await payWith(test.engine, cartId, {
      card: await saveCard(test.engine, test.store.buyers[1]!.accountId, 'tok_approve'),
    });
    await expect(authorize(cartId)).rejects.toMatchObject({ errorCode: 'INVALID_INPUT', fields: ['PaymentMethodId'] });
    const unpriced = await openPayableCheckout(test, 0);
    await payWith(test.engine, unpriced.cartId, { poNumber: 'PO-2' });
    await expect(authorize(unpriced.cartId)).rejects.toMatchObject({ errorCode: 'INVALID_OPERATION', httpStatus: 400 });
    expect(await db().selectFrom('payment_authorization').select('id').execute()).toEqual([]);
  });
});
