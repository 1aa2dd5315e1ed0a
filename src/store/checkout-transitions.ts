/**
 * The only SQL that moves a checkout session's phase, a cart's status or an order's status
 * (DESIGN.md concurrency rules 1 and 7). Each command is one conditional update whose WHERE
 * clause is derived from the `from` phases of its row in the state machine table
 * (src/domain/checkout-state-machine.ts); the affected-row count tells the caller whether it
 * won. Commands run inside the caller's transaction (or on the database directly when the
 * update stands alone).
 */
import type { ExpressionBuilder, Kysely, Selectable } from 'kysely';
import {
  cartStatusTransitions,
  orderStatusTransitions,
  sessionTransitions,
  type CartStatusTransition,
  type SessionPhase,
  type SessionTransition,
} from '../domain/checkout-state-machine.js';
import { errorState } from '../domain/vocabulary.js';
import type { Database } from '../records/registry.js';
import { recordCheckoutEvents } from './checkout-event-log.js';
import { nowIso } from './clock.js';
import { insertRecord, touched } from './insert-record.js';
import { prepareQuery, touchedBy, type AuditValues } from './prepared-query.js';

type SessionExpressions = ExpressionBuilder<Database, 'cart_checkout_session'>;

/** The SQL condition of one phase, on the session's flags. */
function phaseCondition(eb: SessionExpressions, phase: SessionPhase) {
  switch (phase) {
    case 'Archived':
      return eb('is_archived', '=', 1);
    case 'Processing':
      return eb.and([eb('is_archived', '=', 0), eb('is_processing', '=', 1)]);
    case 'Error':
      return eb.and([eb('is_archived', '=', 0), eb('is_processing', '=', 0), eb('is_error', '=', 1)]);
    case 'Pending':
    case 'Idle':
      return eb.and([
        eb('is_archived', '=', 0),
        eb('is_processing', '=', 0),
        eb('is_error', '=', 0),
        eb('next_state', phase === 'Idle' ? 'is' : 'is not', null),
      ]);
  }
}

/** The condition a session must meet for `transition`: one of its `from` phases. */
function fromCondition(transition: SessionTransition) {
  const from: readonly SessionPhase[] = sessionTransitions[transition].from;
  return (eb: SessionExpressions) => eb.or(from.map((phase) => phaseCondition(eb, phase)));
}

type Audit = AuditValues;

/** The phase a session row is in (for error messages after a lost race). */
export function phaseOf(session: {
  readonly is_archived: number;
  readonly is_processing: number;
  readonly is_error: number;
  readonly next_state: string | null;
}): SessionPhase {
  if (session.is_archived === 1) return 'Archived';
  if (session.is_processing === 1) return 'Processing';
  if (session.is_error === 1) return 'Error';
  return session.next_state === null ? 'Idle' : 'Pending';
}

export interface NewSession {
  readonly cartId: string;
  readonly name: string;
  readonly initialState: string;
  readonly currencyIsoCode: string;
}

/** A new session, Idle in `initialState`. The unique index allows one non-archived per cart. */
export async function createSession(trx: Kysely<Database>, session: NewSession, actorId: string): Promise<string> {
  const sessionId = await insertRecord(
    trx,
    'cartCheckoutSession',
    {
      name: session.name,
      web_cart_id: session.cartId,
      state: session.initialState,
      currency_iso_code: session.currencyIsoCode,
    },
    actorId,
  );
  const event = { cartId: session.cartId, sessionId, toState: session.initialState, actorId };
  await recordCheckoutEvents(trx, { type: 'SessionCreated', ...event });
  return sessionId;
}

type RequestValues = Audit & { sessionId: string; currentState: string; nextState: string; setState: string | null };

function requestQuery(withState: boolean) {
  return prepareQuery<RequestValues, { web_cart_id: string }>((db, value) =>
    db
      .updateTable('cart_checkout_session')
      .set({
        next_state: value('nextState'),
        ...(withState ? { state: value('setState') as string } : {}),
        ...touchedBy(value),
      })
      .where('id', '=', value('sessionId'))
      .where('state', '=', value('currentState'))
      .where(fromCondition('requestTransition'))
      .returning('web_cart_id'),
  );
}

const requestQueries = { keepState: requestQuery(false), setState: requestQuery(true) };

/** Compare-and-set: NextState := nextState if State = expCurrentState and the session is Idle. Call it inside a store transaction: the checkout event commits with the change. */
export async function requestTransition(
  db: Kysely<Database>,
  sessionId: string,
  expected: { readonly currentState: string; readonly nextState: string; readonly setState?: string },
  actorId: string,
): Promise<boolean> {
  const query = expected.setState === undefined ? requestQueries.keepState : requestQueries.setState;
  const { rows } = await query.execute(db, {
    sessionId,
    currentState: expected.currentState,
    nextState: expected.nextState,
    setState: expected.setState ?? null,
    actorId,
    now: nowIso(),
  });
  const won = rows[0];
  if (won === undefined) return false;
  await recordCheckoutEvents(db, {
    type: 'TransitionRequested',
    cartId: won.web_cart_id,
    sessionId,
    fromState: expected.setState ?? expected.currentState,
    toState: expected.nextState,
    actorId,
  });
  return true;
}

/** A screen step: State := state, any pending NextState cleared (inside a store transaction, with its event). */
export async function setSessionState(
  db: Kysely<Database>,
  sessionId: string,
  state: string,
  actorId: string,
): Promise<boolean> {
  const won = await db
    .updateTable('cart_checkout_session')
    .set({ state, next_state: null, ...touched(actorId) })
    .where('id', '=', sessionId)
    .where(fromCondition('setState'))
    .returning('web_cart_id')
    .executeTakeFirst();
  if (won === undefined) return false;
  await recordCheckoutEvents(db, { type: 'StateSet', cartId: won.web_cart_id, sessionId, toState: state, actorId });
  return true;
}

const startQuery = prepareQuery<Audit & { sessionId: string; operationId: string }, never>((db, value) =>
  db
    .updateTable('cart_checkout_session')
    .set({ is_processing: 1, background_operation_id: value('operationId'), ...touchedBy(value) })
    .where('id', '=', value('sessionId'))
    .where(fromCondition('startOperation')),
);

/** An asynchronous step starts: the session is Processing with its operation. */
export async function startSessionOperation(
  trx: Kysely<Database>,
  sessionId: string,
  operationId: string,
  actorId: string,
): Promise<boolean> {
  const result = await startQuery.execute(trx, { sessionId, operationId, actorId, now: nowIso() });
  return result.numAffectedRows === 1n;
}

type OperationValues = Audit & { sessionId: string; operationId: string };

function completeQuery(archive: boolean) {
  return prepareQuery<OperationValues, { web_cart_id: string; state: string }>((db, value) =>
    db
      .updateTable('cart_checkout_session')
      .set((eb) => ({
        is_processing: 0,
        state: eb.fn.coalesce('next_state', 'state'),
        next_state: null,
        ...(archive ? { is_archived: 1 } : {}),
        ...touchedBy(value),
      }))
      .where('id', '=', value('sessionId'))
      .where('background_operation_id', '=', value('operationId'))
      .where(fromCondition(archive ? 'completeAndArchive' : 'completeOperation'))
      .returning(['web_cart_id', 'state']),
  );
}

const completeQueries = { advance: completeQuery(false), archive: completeQuery(true) };

/** The session's operation succeeded: State := NextState (and archived after activation). */
export async function completeSessionOperation(
  trx: Kysely<Database>,
  session: { readonly sessionId: string; readonly operationId: string; readonly archive: boolean },
  actorId: string,
): Promise<void> {
  const query = session.archive ? completeQueries.archive : completeQueries.advance;
  const { rows } = await query.execute(trx, {
    sessionId: session.sessionId,
    operationId: session.operationId,
    actorId,
    now: nowIso(),
  });
  const applied = rows[0];
  if (applied === undefined) return;
  await recordCheckoutEvents(trx, {
    type: 'TransitionApplied',
    cartId: applied.web_cart_id,
    sessionId: session.sessionId,
    operationId: session.operationId,
    toState: applied.state,
    outcome: session.archive ? 'Archived' : 'Complete',
    actorId,
  });
}

const failQuery = prepareQuery<OperationValues, { web_cart_id: string }>((db, value) =>
  db
    .updateTable('cart_checkout_session')
    .set({ is_processing: 0, state: errorState, next_state: null, is_error: 1, ...touchedBy(value) })
    .where('id', '=', value('sessionId'))
    .where('background_operation_id', '=', value('operationId'))
    .where(fromCondition('failOperation'))
    .returning('web_cart_id'),
);

/** The session's operation failed: State := Error. */
export async function failSessionOperation(
  trx: Kysely<Database>,
  session: { readonly sessionId: string; readonly operationId: string },
  actorId: string,
): Promise<void> {
  const { rows } = await failQuery.execute(trx, {
    sessionId: session.sessionId,
    operationId: session.operationId,
    actorId,
    now: nowIso(),
  });
  const applied = rows[0];
  if (applied === undefined) return;
  await recordCheckoutEvents(trx, {
    type: 'TransitionApplied',
    cartId: applied.web_cart_id,
    sessionId: session.sessionId,
    operationId: session.operationId,
    toState: errorState,
    outcome: 'Error',
    actorId,
  });
}

/** A Draft order's reservation window passed: its session goes to Error (unless it is busy). */
export async function expireSessionReservation(
  trx: Kysely<Database>,
  sessionId: string,
  actorId: string,
): Promise<boolean> {
  const result = await trx
    .updateTable('cart_checkout_session')
    .set({ state: errorState, next_state: null, is_error: 1, ...touched(actorId) })
    .where('id', '=', sessionId)
    .where(fromCondition('expireReservation'))
    .returning('web_cart_id')
    .executeTakeFirst();
  if (result === undefined) return false;
  await recordCheckoutEvents(trx, {
    type: 'TransitionApplied',
    cartId: result.web_cart_id,
    sessionId,
    toState: errorState,
    outcome: 'ReservationExpired',
    actorId,
  });
  return true;
}

/** Cancel: every non-archived session of the cart is archived; returns their ids. */
export async function archiveCartSessions(trx: Kysely<Database>, cartId: string, actorId: string): Promise<string[]> {
  const rows = await trx
    .updateTable('cart_checkout_session')
    .set({ is_archived: 1, is_processing: 0, ...touched(actorId) })
    .where('web_cart_id', '=', cartId)
    .where(fromCondition('cancel'))
    .returning('id')
    .execute();
  return rows.map((row) => row.id);
}

/** Cart to order records its order on the (processing) session; the phase does not change. */
export async function attachSessionOrder(
  trx: Kysely<Database>,
  sessionId: string,
  order: { readonly orderId: string; readonly orderNumber: string },
  actorId: string,
): Promise<void> {
  await trx
    .updateTable('cart_checkout_session')
    .set({ order_id: order.orderId, order_reference_number: order.orderNumber, ...touched(actorId) })
    .where('id', '=', sessionId)
    .where((eb) => phaseCondition(eb, 'Processing'))
    .execute();
}

/** Moves a cart's status along `transition`; false when the cart was not in a `from` status. */
export async function moveCartStatus(
  trx: Kysely<Database>,
  cartId: string,
  transition: CartStatusTransition,
  actorId: string,
): Promise<boolean> {
  const { from, to } = cartStatusTransitions[transition];
  const result = await trx
    .updateTable('web_cart')
    .set({ status: to, ...touched(actorId) })
    .where('id', '=', cartId)
    .where('status', 'in', from)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** What an order summary copies from the order it summarizes. */
export const activatedOrderColumns = [
  'id',
  'account_id',
  'sales_store_id',
  'order_number',
  'ordered_date',
  'currency_iso_code',
  'total_amount',
  'total_tax_amount',
  'grand_total_amount',
] as const;
export type ActivatedOrder = Pick<Selectable<Database['sales_order']>, (typeof activatedOrderColumns)[number]>;

/** Order.Status Draft → Activated; the activated order's summary fields, or undefined if it was not Draft. */
export async function activateOrderStatus(
  trx: Kysely<Database>,
  orderId: string,
  actorId: string,
): Promise<ActivatedOrder | undefined> {
  const { from, to } = orderStatusTransitions.activate;
  const now = nowIso();
  return trx
    .updateTable('sales_order')
    .set({ status: to, status_code: to, activated_date: now, ...touched(actorId, now) })
    .where('id', '=', orderId)
    .where('status', 'in', from)
    .returning(activatedOrderColumns)
    .executeTakeFirst();
}
