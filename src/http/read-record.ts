/**
 * Reading one record by id as a caller: the row exists and is visible, or it is NOT_FOUND —
 * the same answer either way, so a buyer cannot probe for other accounts' records.
 */
import { sql, type Kysely } from 'kysely';
import type { Caller } from '../access/caller.js';
import { visibilityOf } from '../access/record-visibility.js';
import type { ObjectDef } from '../records/object.js';
import { parseIdOf, type Database } from '../records/registry.js';
import { prepareQuery, type PreparedQuery } from '../store/prepared-query.js';
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
  const values = { id, userId: caller.userId, accountId: caller.accountId };
  const result = await visibleRowRead(caller, definition).execute(db, values);
  return result.rows[0] ?? null;
}

type VisibleRowValues = { id: string; userId: string; accountId: string | null };

/**
 * One compiled read per object and visibility shape: the condition's form depends on the
 * caller's permissions and on whether it has an account, its values (user, account) are bound.
 */
const visibleRowReads = new Map<string, PreparedQuery<VisibleRowValues, StoredRow>>();

/** A caller's permissions as one text, once per set (a cached caller keeps its set). */
const permissionKeys = new WeakMap<ReadonlySet<string>, string>();

function permissionsKey(permissions: ReadonlySet<string>): string {
  let key = permissionKeys.get(permissions);
  if (key === undefined) {
    key = [...permissions].sort().join(',');
    permissionKeys.set(permissions, key);
  }
  return key;
}

function visibleRowRead(caller: Caller, definition: ObjectDef): PreparedQuery<VisibleRowValues, StoredRow> {
  const hasAccount = caller.accountId !== null;
  const key = `${definition.name}|${hasAccount}|${permissionsKey(caller.permissions)}`;
  let read = visibleRowReads.get(key);
  if (read === undefined) {
    read = prepareQuery<VisibleRowValues, StoredRow>((_db, value) => {
      const shape: Caller = {
        userId: value('userId'),
        accountId: hasAccount ? value('accountId') : null,
        permissions: caller.permissions,
      };
      const visibility = visibilityOf(shape, definition, 'r');
      return sql<StoredRow>`select r.* from ${sql.table(definition.table)} as r
        where r.id = ${value('id')} and ${visibility ?? sql`1 = 1`}`;
    });
    visibleRowReads.set(key, read);
  }
  return read;
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
