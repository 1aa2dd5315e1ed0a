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

interface CountedRows {
  /** Rows matching the query before OFFSET and LIMIT. */
  readonly matching: number;
  readonly rows: Record<string, unknown>[];
}

/**
 * Count and rows in one bounded read: the rows are asked for before the count is known and cut
 * to it by the caller, which returns the same rows as asking for exactly the remainder.
 */
async function readBudgeted(
  store: Store,
  countQuery: () => CompiledQuery,
  pageQuery: CompiledQuery | null,
  options: QueryOptions,
): Promise<CountedRows> {
  const budgetMs = options.budgetMs ?? defaultQueryBudgetMs;
  const statements = pageQuery === null ? [countQuery()] : [countQuery(), pageQuery];
  const [counted, rows = []] = await store.readWithin(statements, budgetMs).catch((error: unknown) => {
    if (!(error instanceof ReadTimeoutError)) throw error;
    throw new CheckoutError(
      'QUERY_TIMEOUT',
      400,
      `Your query request was running for too long (over ${budgetMs / 1000} s). Narrow it with a more selective WHERE clause or a LIMIT.`,
    );
  });
  return { matching: Number(counted?.[0]?.total ?? 0), rows };
}

/**
 * A point read on the store's own connection. Its page holds every matching row past OFFSET
 * (there is at most one), so it also says how many match; only COUNT() needs the count.
 */
async function readPoint(
  store: Store,
  countQuery: () => CompiledQuery,
  pageQuery: CompiledQuery | null,
  skipped: number,
): Promise<CountedRows> {
  if (pageQuery === null) {
    const { rows } = await store.db.executeQuery<{ total: unknown }>(countQuery());
    return { matching: Number(rows[0]?.total ?? 0), rows: [] };
  }
  const { rows } = await store.db.executeQuery<Record<string, unknown>>(pageQuery);
  return { matching: skipped + rows.length, rows };
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
  const pageQuery = compiled.isCount
    ? null
    : compiled.pageQuery(skipped + page.position, page.batchSize).compile(store.db);
  const countQuery = () => compiled.countQuery().compile(store.db);
  const { matching, rows } = isPointRead(parsed)
    ? await readPoint(store, countQuery, pageQuery, skipped)
    : await readBudgeted(store, countQuery, pageQuery, options);
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
