/**
 * Reading one record by id as a caller: the row exists and is visible, or it is NOT_FOUND —
 * the same answer either way, so a buyer cannot probe for other accounts' records.
 */
import { sql, type Kysely } from 'kysely';
import type { Caller } from '../access/caller.js';
import { visibilityOf } from '../access/record-visibility.js';
import type { ObjectDef } from '../records/object.js';
import { parseIdOf, type Database } from '../records/registry.js';
import { notFound } from './api-error.js';

export type StoredRow = Record<string, unknown> & { id: string };

/** The stored row of a visible record, or null. `idText` may be a 15- or 18-character id. */
export async function findVisibleRow(
  db: Kysely<Database>,
  caller: Caller,
  definition: ObjectDef,
  idText: string,
): Promise<StoredRow | null> {
  const id = parseIdOf(definition, idText);
  if (id === null) return null;
  const visibility = visibilityOf(caller, definition, 'r');
  const result = await sql<StoredRow>`select r.* from ${sql.table(definition.table)} as r
    where r.id = ${id} and ${visibility ?? sql`1 = 1`}`.execute(db);
  return result.rows[0] ?? null;
}

export async function readVisibleRow(
  db: Kysely<Database>,
  caller: Caller,
  definition: ObjectDef,
  idText: string,
): Promise<StoredRow> {
  const row = await findVisibleRow(db, caller, definition, idText);
  if (row === null) throw notFound();
  return row;
}
