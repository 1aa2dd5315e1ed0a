/**
 * Inserting records: a fresh Salesforce id and the audit fields every record carries. Callers
 * pass column values; anything omitted takes the column's default.
 */
import type { Insertable, Kysely } from 'kysely';
import { generateId } from '../records/ids.js';
import type { Database } from '../records/registry.js';
import { objects } from '../records/registry.js';
import { nowIso } from './clock.js';
import { prepareQuery, type PreparedQuery } from './prepared-query.js';

type Objects = typeof objects;
type ObjectKey = keyof Objects;
type TableOf<K extends ObjectKey> = Objects[K]['table'];
type Auditless<T> = Omit<
  T,
  'id' | 'created_date' | 'last_modified_date' | 'created_by_id' | 'last_modified_by_id' | 'system_modstamp'
>;

export type NewRecord<K extends ObjectKey> = Auditless<Insertable<Database[TableOf<K>]>> & { id?: string };

/** Audit values for a record changed now by `actorId`. */
export function touched(actorId: string, now: string = nowIso()) {
  return { last_modified_date: now, last_modified_by_id: actorId, system_modstamp: now };
}

/** Inserts one record of object `key`; returns its id. */
export async function insertRecord<K extends ObjectKey>(
  db: Kysely<Database>,
  key: K,
  values: NewRecord<K>,
  actorId: string,
): Promise<string> {
  const [id] = await insertRecords(db, key, [values], actorId);
  return id!;
}

/** Inserts many records of one object in as few statements as the bound-parameter limit allows; returns their ids. */
export async function insertRecords<K extends ObjectKey>(
  db: Kysely<Database>,
  key: K,
  rows: readonly NewRecord<K>[],
  actorId: string,
): Promise<string[]> {
  const definition = objects[key];
  const now = nowIso();
  const prepared = rows.map((values) => ({
    ...values,
    id: values.id ?? generateId(definition.keyPrefix),
    created_date: now,
    created_by_id: actorId,
    ...touched(actorId, now),
  }));
  // SQLite allows 32,766 bound parameters per statement: a chunk stays under 30,000.
  const perChunk = Math.max(1, Math.floor(30_000 / Object.keys(prepared[0] ?? {}).length));
  for (let start = 0; start < prepared.length; start += perChunk) {
    const chunk = prepared.slice(start, start + perChunk);
    const statement = preparedInsertOf(definition.table, chunk);
    if (statement !== null) await statement.execute(db, valuesOf(chunk));
    // The row type is computed from the registry; Kysely cannot relate it to the table generically.
    else await db.insertInto(definition.table).values(chunk).execute();
  }
  return prepared.map((row) => row.id);
}

/** Inserts of up to this many rows use a statement compiled once for their table, columns and size. */
const preparedRowLimit = 16;
/** Distinct insert shapes kept; past it (never seen in practice) inserts are built each time. */
const preparedShapeLimit = 1_000;
const preparedInserts = new Map<string, PreparedQuery<Record<string, unknown>, unknown>>();

function isScalar(value: unknown): boolean {
  return value === null || value === undefined || ['string', 'number', 'bigint', 'boolean'].includes(typeof value);
}

/** The compiled-once insert for these rows, or null when they don't fit one (SQL values, mixed columns). */
function preparedInsertOf(
  table: keyof Database,
  rows: readonly Record<string, unknown>[],
): PreparedQuery<Record<string, unknown>, unknown> | null {
  if (rows.length > preparedRowLimit) return null;
  // An undefined value means "the column's default": such a column is left out of the statement.
  const columnsOf = (row: Record<string, unknown>) => Object.keys(row).filter((key) => row[key] !== undefined);
  const columns = columnsOf(rows[0]!);
  const shape = columns.join(',');
  for (const row of rows) {
    if (columnsOf(row).join(',') !== shape) return null;
    if (!columns.every((column) => isScalar(row[column]))) return null;
  }
  const cacheKey = `${table}|${rows.length}|${shape}`;
  let statement = preparedInserts.get(cacheKey);
  if (statement === undefined) {
    if (preparedInserts.size >= preparedShapeLimit) return null;
    statement = prepareQuery((db, value) =>
      db
        .insertInto(table)
        .values(
          rows.map((_, index) =>
            Object.fromEntries(columns.map((column) => [column, value(`${index}:${column}`)])),
          ) as never,
        ),
    );
    preparedInserts.set(cacheKey, statement);
  }
  return statement;
}

function valuesOf(rows: readonly Record<string, unknown>[]): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  rows.forEach((row, index) => {
    for (const [column, value] of Object.entries(row)) {
      if (value !== undefined) values[`${index}:${column}`] = value;
    }
  });
  return values;
}
