/**
 * The checkout event log's SQL: events are written in the transaction of the change they
 * describe, and cost that transaction one statement at most. Code inside a transaction calls
 * `recordCheckoutEvents(trx, ...)`; the store's transaction helper holds them and writes them
 * all in one multi-row insert just before COMMIT (`writeHeldCheckoutEvents`), so a rolled-back
 * change leaves no event and a committed one always has its events. Outside a transaction
 * (one-statement changes) the events are inserted at once.
 */
import { sql, type Insertable, type Kysely } from 'kysely';
import { generateId } from '../records/ids.js';
import type { CheckoutEventType } from '../records/objects/checkout-event.js';
import type { Database } from '../records/registry.js';
import { nowIso } from './clock.js';
import { dialectOf } from './database-now.js';
import { prepareQuery, type PreparedQuery } from './prepared-query.js';

export interface CheckoutEvent {
  readonly type: CheckoutEventType;
  readonly cartId?: string | null;
  readonly sessionId?: string | null;
  readonly operationId?: string | null;
  readonly operationType?: string | null;
  readonly fromState?: string | null;
  readonly toState?: string | null;
  readonly worker?: string | null;
  readonly durationMs?: number | null;
  readonly outcome?: string | null;
  /** Anything else worth keeping, as JSON text (at most 32,000 characters). */
  readonly detail?: Record<string, unknown> | null;
  readonly actorId: string;
}

/** Events held for the open transaction of each connection, written before its COMMIT. */
const held = new WeakMap<object, CheckoutEvent[]>();

/** Starts holding the events of a transaction on `trx` (the store's transaction helper). */
export function holdCheckoutEvents(trx: Kysely<Database>): void {
  held.set(trx, []);
}

/** Writes the events held for `trx` in one statement and stops holding; returns them. */
export async function writeHeldCheckoutEvents(trx: Kysely<Database>): Promise<readonly CheckoutEvent[]> {
  const events = held.get(trx) ?? [];
  held.delete(trx);
  if (events.length > 0) await insertCheckoutEvents(trx, events);
  return events;
}

/** Stops holding without writing (the transaction rolled back). */
export function dropHeldCheckoutEvents(trx: Kysely<Database>): void {
  held.delete(trx);
}

export async function recordCheckoutEvents(db: Kysely<Database>, ...events: CheckoutEvent[]): Promise<void> {
  const buffer = held.get(db);
  if (buffer !== undefined) buffer.push(...events);
  else if (events.length > 0) await insertCheckoutEvents(db, events);
}

const maxDetailLength = 32_000;

function rowOf(event: CheckoutEvent, now: string): Omit<Insertable<Database['checkout_event']>, 'sequence_number'> {
  const detail = event.detail === undefined || event.detail === null ? null : JSON.stringify(event.detail);
  return {
    id: generateId('a0C'),
    created_date: now,
    created_by_id: event.actorId,
    last_modified_date: now,
    last_modified_by_id: event.actorId,
    system_modstamp: now,
    event_type: event.type,
    web_cart_id: event.cartId ?? null,
    checkout_session_id: event.sessionId ?? null,
    background_operation_id: event.operationId ?? null,
    operation_type: event.operationType ?? null,
    from_state: event.fromState ?? null,
    to_state: event.toState ?? null,
    worker: event.worker ?? null,
    duration_ms: event.durationMs === undefined || event.durationMs === null ? null : Math.round(event.durationMs),
    outcome: event.outcome ?? null,
    detail: detail === null ? null : detail.slice(0, maxDetailLength),
  };
}

type EventRow = Omit<Insertable<Database['checkout_event']>, 'sequence_number'>;

/** Batches up to this many events use a statement compiled once for their size. */
const preparedBatchLimit = 16;
const insertsBySize = new Map<number, PreparedQuery<Record<string, unknown>, unknown>>();

/** The multi-row insert of `size` events; on SQLite each row numbers itself after the largest. */
function buildInsert(db: Kysely<Database>, rows: readonly EventRow[]) {
  if (dialectOf(db) === 'postgres') {
    // The identity column numbers the rows, in the order of the VALUES list.
    return db.insertInto('checkout_event').values([...rows]);
  }
  // SQLite serializes writers, so the largest number read here is still the largest at commit.
  const base = sql<number>`(select coalesce(max(sequence_number), 0) from checkout_event)`;
  return db
    .insertInto('checkout_event')
    .values(rows.map((row, index) => ({ ...row, sequence_number: sql<number>`${base} + ${sql.lit(index + 1)}` })));
}

function preparedInsert(size: number): PreparedQuery<Record<string, unknown>, unknown> {
  let insert = insertsBySize.get(size);
  if (insert === undefined) {
    insert = prepareQuery((db, value) =>
      buildInsert(
        db,
        Array.from({ length: size }, (_, index) => {
          const row: Record<string, unknown> = {};
          for (const column of eventColumns) row[column] = value(`${index}:${column}`);
          return row as EventRow;
        }),
      ),
    );
    insertsBySize.set(size, insert);
  }
  return insert;
}

const eventColumns = Object.keys(rowOf({ type: 'SessionCreated', actorId: '' }, '')) as (keyof EventRow)[];

async function insertCheckoutEvents(db: Kysely<Database>, events: readonly CheckoutEvent[]): Promise<void> {
  const now = nowIso();
  const rows = events.map((event) => rowOf(event, now));
  if (rows.length > preparedBatchLimit) {
    await buildInsert(db, rows).execute();
    return;
  }
  const values: Record<string, unknown> = {};
  rows.forEach((row, index) => {
    for (const column of eventColumns) values[`${index}:${column}`] = row[column];
  });
  await preparedInsert(rows.length).execute(db, values);
}
