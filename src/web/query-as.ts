/**
 * The pages read records the way the REST API's query resource does: SOQL run with the
 * caller's row and field visibility (SPEC.md section 6), so a page can show a buyer nothing
 * the API would not. Values are the API's (money in major units, quantities in units).
 */
import type { Caller } from '../access/caller.js';
import { mayReadField, visibilityOf } from '../access/record-visibility.js';
import { quoteSoqlString } from '../query/quote-soql-string.js';
import { runQuery } from '../query/run-query.js';
import type { Store } from '../store/database.js';

export type ApiRecord = Record<string, unknown> & { Id: string };

export async function queryAs(store: Store, caller: Caller, soql: string): Promise<ApiRecord[]> {
  const result = await runQuery(store, soql, {
    userId: caller.userId,
    restrict: (definition, alias) => visibilityOf(caller, definition, alias),
    isFieldReadable: (definition, column) => mayReadField(caller, definition, column),
  });
  return result.records as ApiRecord[];
}

export async function queryOneAs(store: Store, caller: Caller, soql: string): Promise<ApiRecord | null> {
  return (await queryAs(store, caller, soql))[0] ?? null;
}

/** A value as a SOQL literal (ids come from URLs: always quoted, never spliced). */
export const soqlText = quoteSoqlString;

/** Text of a record field for display ('' for null). */
export function textOf(record: Record<string, unknown> | null | undefined, field: string): string {
  const value = record?.[field];
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value) ?? '';
}
