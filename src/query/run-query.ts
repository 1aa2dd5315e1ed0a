/**
 * Runs a SOQL query of our subset against the store and answers in Salesforce's query result
 * shape (`GET .../query?q=` and `GET .../query/<locator>`).
 *
 * `totalSize` is the number of rows the query returns over all its pages (after OFFSET, at
 * most LIMIT); a page holds at most `batchSize` records and, when rows remain, `done` is false
 * and `nextRecordsUrl` leads to the next page (see query-locator.ts). The count and each page
 * are separate statements, so a page reflects rows as they are when it is read.
 *
 * Bounded work (SPEC.md section 7): a query past the complexity limit is refused before it
 * runs (QUERY_TOO_COMPLICATED), and each page runs within a time budget, off the request
 * thread on SQLite (QUERY_TIMEOUT past it). docs/decisions/0018-bounded-queries.md. A point
 * read (the Id pinned to one value: at most one row, by primary key) needs no budget and runs
 * on the store's own connection (is-point-read.ts).
 */
import type { CompiledQuery } from 'kysely';
import { CheckoutError } from '../domain/errors.js';
import { defaultApiVersion } from '../records/to-api-record.js';
import type { Store } from '../store/database.js';
import { ReadTimeoutError } from '../store/read-timeout-error.js';
import { checkQueryLimits } from './check-query-limits.js';
import { isPointRead } from './is-point-read.js';
import { compileSoql, type RestrictRows } from './compile-soql.js';
import { parseSoql } from './parse-soql.js';
import { createQueryCursor, nextLocatorOf, openQueryCursor } from './query-locator.js';
import type { IsFieldReadable } from './resolve-field-path.js';
import { toQueryRecord } from './to-query-record.js';

/** Salesforce's default and largest batch of records per page. */
export const maxBatchSize = 2000;

/** The time budget of one page (count and rows together) when none is configured (ms). */
export const defaultQueryBudgetMs = 2_000;

export interface QueryOptions {
  /** The API version of the request, for `attributes.url` and `nextRecordsUrl`. */
  readonly apiVersion?: string;
  /** Records per page, 1 to 2000 (default 2000). Later pages keep the first page's size. */
  readonly batchSize?: number;
  /**
   * Visibility: an SQL condition on the rows of `definition` under the table alias `alias`
   * (write columns as `sql.ref(`${alias}.account_id`)`), or null for all rows. Called for the
   * queried object and for every parent joined through a reference field; a hidden parent
   * reads as null. Must bind its values as parameters, never splice text.
   */
  readonly restrict?: RestrictRows;
  /**
   * Field-level visibility: a field it refuses does not exist for this query (INVALID_FIELD),
   * whether selected, filtered on or sorted by, on the queried object or a parent.
   */
  readonly isFieldReadable?: IsFieldReadable;
  /** The caller: the owner of the query's cursor, the only one who may follow its locator. */
  readonly userId?: string;
  /** Time budget of one page (ms); past it the query fails with QUERY_TIMEOUT. */
  readonly budgetMs?: number;
}

export interface QueryResult {
  totalSize: number;
  done: boolean;
  records: Record<string, unknown>[];
  nextRecordsUrl?: string;
}

export async function runQuery(store: Store, soql: string, options: QueryOptions = {}): Promise<QueryResult> {
  const requested = Math.trunc(options.batchSize ?? maxBatchSize);
  const batchSize = Number.isFinite(requested) ? Math.min(Math.max(requested, 1), maxBatchSize) : maxBatchSize;
  return runPage(store, { query: soql, position: 0, batchSize }, null, options);
}

/** The next page of a query, from the locator of a `nextRecordsUrl`. */
export async function runQueryMore(store: Store, locator: string, options: QueryOptions = {}): Promise<QueryResult> {
  const cursor = await openQueryCursor(store, locator, options.userId ?? null);
  return runPage(store, { ...cursor, batchSize: Math.min(cursor.batchSize, maxBatchSize) }, locator, options);
}

/** A point read's statements, one after the other on the store's connection (no budget needed). */
async function readNow(store: Store, statements: readonly CompiledQuery[]): Promise<Record<string, unknown>[][]> {
  const results: Record<string, unknown>[][] = [];
  for (const statement of statements)
    results.push((await store.db.executeQuery<Record<string, unknown>>(statement)).rows);
  return results;
}

async function runPage(
  store: Store,
  page: { readonly query: string; readonly position: number; readonly batchSize: number },
  locator: string | null,
  options: QueryOptions,
): Promise<QueryResult> {
  const parsed = parseSoql(page.query);
  checkQueryLimits(parsed);
  const compiled = compileSoql(parsed, options.restrict, options.isFieldReadable);
  const skipped = compiled.offset ?? 0;
  // Count and rows in one bounded read: the rows are asked for before the count is known and
  // cut to it below, which returns the same rows as asking for exactly the remainder.
  const statements = [compiled.countQuery().compile(store.db)];
  if (!compiled.isCount) statements.push(compiled.pageQuery(skipped + page.position, page.batchSize).compile(store.db));
  const [counted, rows = []] = await (
    isPointRead(parsed)
      ? readNow(store, statements)
      : store.readWithin(statements, options.budgetMs ?? defaultQueryBudgetMs)
  ).catch((error: unknown) => {
    if (!(error instanceof ReadTimeoutError)) throw error;
    const seconds = (options.budgetMs ?? defaultQueryBudgetMs) / 1000;
    throw new CheckoutError(
      'QUERY_TIMEOUT',
      400,
      `Your query request was running for too long (over ${seconds} s). Narrow it with a more selective WHERE clause or a LIMIT.`,
    );
  });
  const matching = Number(counted?.[0]?.total ?? 0);
  const totalSize = Math.max(0, Math.min(matching - skipped, compiled.limit ?? Number.POSITIVE_INFINITY));
  const wanted = Math.min(page.batchSize, totalSize - page.position);
  if (compiled.isCount || wanted <= 0) return { totalSize, done: true, records: [] };

  const apiVersion = options.apiVersion ?? defaultApiVersion;
  const records = rows.slice(0, wanted).map((row) => toQueryRecord(compiled, row, apiVersion));
  const returned = page.position + records.length;
  // Fewer rows than asked for means rows vanished since the count: nothing is left to fetch.
  if (returned >= totalSize || records.length < wanted) return { totalSize, done: true, records };
  const next =
    locator === null
      ? await createQueryCursor(store, {
          query: page.query,
          position: returned,
          batchSize: page.batchSize,
          userId: options.userId ?? null,
        })
      : nextLocatorOf(locator, returned);
  return { totalSize, done: false, records, nextRecordsUrl: `/services/data/v${apiVersion}/query/${next}` };
}
