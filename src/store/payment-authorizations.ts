/**
 * The SQL of `payment_authorization` (SPEC.md section 9, ADR 0022). An attempt is a row: it is
 * claimed with a lease on the database's clock while one process asks the gateway, and settled
 * with a conditional update, so of two processes only one records the outcome (DESIGN.md
 * concurrency rules 1, 2 and 9). The idempotency key is unique in the store.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { PaymentAuthorizationStatus } from '../domain/vocabulary.js';
import type { Database } from '../records/registry.js';
import { databaseNowMs, dialectOf } from './database-now.js';
import { insertRecord, touched } from './insert-record.js';

export type PaymentAuthorizationRow = Selectable<Database['payment_authorization']>;

/** The session's latest attempt, or undefined before its first. */
export function latestAuthorizationOf(
  db: Kysely<Database>,
  sessionId: string,
): Promise<PaymentAuthorizationRow | undefined> {
  return db
    .selectFrom('payment_authorization')
    .selectAll()
    .where('checkout_session_id', '=', sessionId)
    .orderBy('attempt', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export function authorizationById(db: Kysely<Database>, id: string): Promise<PaymentAuthorizationRow> {
  return db.selectFrom('payment_authorization').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

export interface NewAttempt {
  readonly cartId: string;
  readonly sessionId: string;
  readonly orderId: string | null;
  readonly accountId: string;
  readonly paymentMethodId: string | null;
  readonly amountMinor: number;
  readonly currencyIsoCode: string;
  readonly attempt: number;
  readonly leaseMs: number;
}

/** `<session id>-<attempt>`: what the gateway deduplicates on. */
export function idempotencyKeyOf(sessionId: string, attempt: number): string {
  return `${sessionId}-${attempt}`;
}

/**
 * Inserts a `Pending` attempt, leased for `leaseMs`. A second insert of the same attempt (a
 * concurrent caller) violates the idempotency key's unique index.
 */
export async function insertAttempt(trx: Kysely<Database>, attempt: NewAttempt, actorId: string): Promise<string> {
  const id = await insertRecord(
    trx,
    'paymentAuthorization',
    {
      web_cart_id: attempt.cartId,
      checkout_session_id: attempt.sessionId,
      order_id: attempt.orderId,
      account_id: attempt.accountId,
      payment_method_id: attempt.paymentMethodId,
      amount: attempt.amountMinor,
      currency_iso_code: attempt.currencyIsoCode,
      status: 'Pending',
      idempotency_key: idempotencyKeyOf(attempt.sessionId, attempt.attempt),
      attempt: attempt.attempt,
      lease_expires_at_ms: 0,
    },
    actorId,
  );
  await trx
    .updateTable('payment_authorization')
    .set({ lease_expires_at_ms: sql<number>`${databaseNowMs(dialectOf(trx))} + ${attempt.leaseMs}` })
    .where('id', '=', id)
    .execute();
  return id;
}

/** Takes over a `Pending` attempt whose lease has passed (its process died or gave up). */
export async function takeOverAttempt(trx: Kysely<Database>, id: string, leaseMs: number): Promise<boolean> {
  const now = databaseNowMs(dialectOf(trx));
  const result = await trx
    .updateTable('payment_authorization')
    .set({ lease_expires_at_ms: sql<number>`${now} + ${leaseMs}` })
    .where('id', '=', id)
    .where('status', '=', 'Pending')
    .where((eb) => eb.or([eb('lease_expires_at_ms', 'is', null), eb('lease_expires_at_ms', '<=', now)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface GatewayOutcome {
  readonly status: PaymentAuthorizationStatus;
  readonly gatewayRefNumber: string | null;
  readonly gatewayResultCode: string | null;
  readonly gatewayResultCodeDescription: string | null;
  readonly orderId: string | null;
}

/**
 * Records the gateway's answer on a still `Pending` attempt and ends its lease; `Pending` again
 * (the outcome is unknown) only releases the lease so the next call retries at once. False when
 * another process settled it first.
 */
export async function settleAttempt(
  trx: Kysely<Database>,
  id: string,
  outcome: GatewayOutcome,
  actorId: string,
): Promise<boolean> {
  const result = await trx
    .updateTable('payment_authorization')
    .set({
      status: outcome.status,
      gateway_ref_number: outcome.gatewayRefNumber,
      gateway_result_code: outcome.gatewayResultCode,
      gateway_result_code_description: outcome.gatewayResultCodeDescription,
      order_id: outcome.orderId,
      lease_expires_at_ms: null,
      ...touched(actorId),
    })
    .where('id', '=', id)
    .where('status', '=', 'Pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Links a session's authorizations to its order (cart to order creates it). */
export async function linkAuthorizationsToOrder(
  trx: Kysely<Database>,
  sessionId: string,
  orderId: string,
  actorId: string,
): Promise<void> {
  await trx
    .updateTable('payment_authorization')
    .set({ order_id: orderId, ...touched(actorId) })
    .where('checkout_session_id', '=', sessionId)
    .where('order_id', 'is', null)
    .execute();
}
