/**
 * Authorizes a cart's payment through its store's Payment provider, at most once per checkout
 * (SPEC.md section 9, docs/decisions/0022-payments-and-addresses.md).
 *
 * Checks: load-payment-checkout.ts (cart, access, session, payment method, amount).
 * Effects:
 * - the session's last attempt is `Processed`: nothing is asked again; it is the answer;
 * - its last attempt is `Pending` (an earlier call's outcome is unknown): that attempt is asked
 *   again with the same idempotency key, amount and payment method, once its lease has passed
 *   (while another process holds it: ALREADY_IN_PROCESS / 409, nothing changes);
 * - otherwise (no attempt, or the last was declined): a new attempt `<session>-<n+1>`; of two
 *   concurrent callers the unique key lets one in, the other gets ALREADY_IN_PROCESS / 409;
 * - the provider runs outside any transaction, bounded by the store's Payment TimeoutMs
 *   (default 30 s); its answer is recorded in one transaction with the cart's `Payment`
 *   outputs: none when authorized, the decline's `Error` when declined, a generic "The Payment
 *   service is unavailable (ref …)" when the outcome is unknown (the attempt stays `Pending`,
 *   the details go to `onError` only).
 * The session's State is not touched: the flow decides where a decline leads.
 */
import { randomBytes } from 'node:crypto';
import type { Caller } from '../access/caller.js';
import { CheckoutError } from '../domain/errors.js';
import { replaceCartOutputs } from '../operations/replace-validation-outputs.js';
import type { ValidationMessage } from '../operations/step-outcome.js';
import { operationLimitsFor } from '../providers/find-store-service.js';
import { paymentResponseSchema, type PaymentResponse } from '../providers/payment/payment-provider.js';
import { parseProviderResponse } from '../providers/provider-result.js';
import type { Providers } from '../providers/providers.js';
import type { Store } from '../store/database.js';
import { isUniqueViolation } from '../store/is-unique-violation.js';
import {
  authorizationById,
  idempotencyKeyOf,
  insertAttempt,
  latestAuthorizationOf,
  settleAttempt,
  takeOverAttempt,
  type PaymentAuthorizationRow,
} from '../store/payment-authorizations.js';
import { instrumentFor, loadPaymentCheckout, type PaymentCheckout } from './load-payment-checkout.js';

/** A payment call's time limit when the store's service sets none (ms). */
export const defaultPaymentTimeoutMs = 30_000;
/** How long past its time limit an attempt stays leased to the process that asks (ms). */
const leaseMarginMs = 5_000;

export interface PaymentDependencies {
  readonly store: Store;
  readonly providers: Providers;
  /** Overrides the store's time limit (tests). */
  readonly timeoutMs?: number;
  /** A failure whose outcome is unknown, with its details (URL, exception): for the log. */
  readonly onError?: (error: unknown, context: string) => void;
}

export interface AuthorizationOutcome {
  /** `Authorized`: the amount is held. `Declined`: the gateway said no. `Failed`: outcome unknown, retry. */
  readonly status: 'Authorized' | 'Declined' | 'Failed';
  readonly authorizationId: string;
  /** For the buyer: null when authorized. */
  readonly message: string | null;
}

const inProgress = () =>
  new CheckoutError('ALREADY_IN_PROCESS', 409, 'A payment authorization of this checkout is in progress');

function outcomeOf(row: PaymentAuthorizationRow): AuthorizationOutcome {
  if (row.status === 'Processed') return { status: 'Authorized', authorizationId: row.id, message: null };
  if (row.status === 'Failed') {
    return {
      status: 'Declined',
      authorizationId: row.id,
      message: row.gateway_result_code_description ?? 'The payment was declined',
    };
  }
  return {
    status: 'Failed',
    authorizationId: row.id,
    message: row.gateway_result_code_description ?? 'The payment could not be authorized; try again',
  };
}

/** The attempt this call asks the gateway about, claimed; or the settled answer. */
async function claimAttempt(
  store: Store,
  caller: Caller,
  checkout: PaymentCheckout,
  leaseMs: number,
): Promise<{ kind: 'ask'; attempt: PaymentAuthorizationRow } | { kind: 'settled'; attempt: PaymentAuthorizationRow }> {
  try {
    return await store.transaction(async (trx) => {
      const latest = await latestAuthorizationOf(trx, checkout.sessionId);
      if (latest?.status === 'Processed') return { kind: 'settled', attempt: latest };
      if (latest?.status === 'Pending') {
        if (!(await takeOverAttempt(trx, latest.id, leaseMs))) throw inProgress();
        return { kind: 'ask', attempt: latest };
      }
      const id = await insertAttempt(
        trx,
        {
          cartId: checkout.cartId,
          sessionId: checkout.sessionId,
          orderId: checkout.orderId,
          accountId: checkout.accountId,
          paymentMethodId: checkout.paymentMethodId,
          amountMinor: checkout.amountMinor,
          currencyIsoCode: checkout.currencyIsoCode,
          attempt: (latest?.attempt ?? 0) + 1,
          leaseMs,
        },
        caller.userId,
      );
      return { kind: 'ask', attempt: await authorizationById(trx, id) };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw inProgress();
    throw error;
  }
}

/** The provider's answer, or the error that leaves the outcome unknown. */
async function askProvider(
  dependencies: PaymentDependencies,
  checkout: PaymentCheckout,
  attempt: PaymentAuthorizationRow,
  timeoutMs: number,
): Promise<PaymentResponse> {
  const { store, providers } = dependencies;
  const instrument = await instrumentFor(store.db, {
    accountId: checkout.accountId,
    paymentMethodId: attempt.payment_method_id,
    poNumber: checkout.poNumber,
  });
  const provider = await providers.forStore(checkout.storeId, 'Payment');
  const signal = AbortSignal.timeout(timeoutMs);
  const answer: unknown = await provider.authorizePayment(
    {
      cartId: checkout.cartId,
      storeId: checkout.storeId,
      accountId: checkout.accountId,
      currencyIsoCode: attempt.currency_iso_code,
      checkoutSessionId: checkout.sessionId,
      idempotencyKey: idempotencyKeyOf(checkout.sessionId, attempt.attempt),
      amountMinor: attempt.amount,
      instrument,
      billingAddress: checkout.billingAddress,
    },
    signal,
  );
  return parseProviderResponse(paymentResponseSchema, answer, 'Payment');
}

function declineMessage(response: PaymentResponse): string {
  const errors = (response.messages ?? []).filter((message) => message.level === 'Error');
  return errors.map((message) => message.message).join('; ') || 'The payment was declined';
}

export async function authorizePayment(
  dependencies: PaymentDependencies,
  caller: Caller,
  cartId: string,
): Promise<AuthorizationOutcome> {
  const { store } = dependencies;
  const checkout = await loadPaymentCheckout(store.db, caller, cartId);
  const timeoutMs =
    dependencies.timeoutMs ??
    (await operationLimitsFor(store.db, checkout.storeId, 'Payment')).timeoutMs ??
    defaultPaymentTimeoutMs;
  const claim = await claimAttempt(store, caller, checkout, timeoutMs + leaseMarginMs);
  if (claim.kind === 'settled') return outcomeOf(claim.attempt);
  const { attempt } = claim;
  let response: PaymentResponse | null = null;
  let unknownMessage = '';
  try {
    response = await askProvider(dependencies, checkout, attempt, timeoutMs);
  } catch (error) {
    const ref = randomBytes(4).toString('hex');
    unknownMessage = `The Payment service is unavailable (ref ${ref})`;
    dependencies.onError?.(error, `payment authorization ${attempt.idempotency_key} (ref ${ref})`);
  }
  const isAuthorized = response?.status === 'SUCCESS' && !(response.messages ?? []).some((m) => m.level === 'Error');
  const description =
    response === null
      ? unknownMessage
      : isAuthorized
        ? (response.gatewayResultCodeDescription ?? null)
        : declineMessage(response);
  const outputs: ValidationMessage[] = isAuthorized
    ? []
    : [{ level: 'Error', type: 'Payment', message: description ?? 'The payment was declined' }];
  await store.transaction(async (trx) => {
    const isRecorded = await settleAttempt(
      trx,
      attempt.id,
      {
        status: response === null ? 'Pending' : isAuthorized ? 'Processed' : 'Failed',
        gatewayRefNumber: response?.gatewayRefNumber ?? null,
        gatewayResultCode: response === null ? 'unknown' : (response.gatewayResultCode ?? null),
        gatewayResultCodeDescription: description,
        orderId: attempt.order_id ?? checkout.orderId,
      },
      caller.userId,
    );
    // Another process settled it meanwhile (this one's lease had passed): its record stands.
    if (isRecorded)
      await replaceCartOutputs(trx, { cartId: checkout.cartId, operationId: null }, 'Payment', outputs, caller.userId);
  });
  return outcomeOf(await authorizationById(store.db, attempt.id));
}
