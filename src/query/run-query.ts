/**
 * Runs a SOQL query of our subset against the store and answers in Salesforce's query result
 * shape (`GET .../query?q=` and `GET .../query/<locator>`).
 *
 * `totalSize` is the number of rows the query returns over all its pages (after OFFSET, at
 * most LIMIT); a page holds at most `batchSize` records and, when rows remain, `done` is false
 * and `nextRecordsUrl` leads to the next page (see query-locator.ts). The count and each page
 * are separate statements, so a page reflects rows as they are when it is read.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../records/registry.js';
import { defaultApiVersion } from '../records/to-api-record.js';
import { compileSoql, type RestrictRows } from './compile-soql.js';
import { parseSoql } from './parse-soql.js';
import { decodeQueryLocator, encodeQueryLocator } from './query-locator.js';
import type { IsFieldReadable } from './resolve-field-path.js';
import { toQueryRecord } from './to-query-record.js';

/** Salesforce's default and largest batch of records per page. */
export const maxBatchSize = 2000;

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
}

export interface QueryResult {
  totalSize: number;
  done: boolean;
  records: Record<string, unknown>[];
  nextRecordsUrl?: string;
}

export async function runQuery(db: Kysely<Database>, soql: string, options: QueryOptions = {}): Promise<QueryResult> {
  const requested = Math.trunc(options.batchSize ?? maxBatchSize);
  const batchSize = Number.isFinite(requested) ? Math.min(Math.max(requested, 1), maxBatchSize) : maxBatchSize;
  return runPage(db, soql, 0, batchSize, options);
}

/** The next page of a query, from the locator of a `nextRecordsUrl`. */
export async function runQueryMore(
  db: Kysely<Database>,
  locator: string,
  options: QueryOptions = {},
): Promise<QueryResult> {
  const { query, position, batchSize } = decodeQueryLocator(locator);
  return runPage(db, query, position, Math.min(batchSize, maxBatchSize), options);
}

async function runPage(
  db: Kysely<Database>,
  soql: string,
  position: number,
  batchSize: number,
  options: QueryOptions,
): Promise<QueryResult> {
  const compiled = compileSoql(parseSoql(soql), options.restrict, options.isFieldReadable);
  const counted = await compiled.countQuery().execute(db);
  const matching = Number(counted.rows[0]?.total ?? 0);
  const skipped = compiled.offset ?? 0;
  const totalSize = Math.max(0, Math.min(matching - skipped, compiled.limit ?? Number.POSITIVE_INFINITY));
  const wanted = Math.min(batchSize, totalSize - position);
  if (compiled.isCount || wanted <= 0) return { totalSize, done: true, records: [] };

  const page = await compiled.pageQuery(skipped + position, wanted).execute(db);
  const apiVersion = options.apiVersion ?? defaultApiVersion;
  const records = page.rows.map((row) => toQueryRecord(compiled, row, apiVersion));
  const returned = position + records.length;
  // Fewer rows than asked for means rows vanished since the count: nothing is left to fetch.
  if (returned >= totalSize || records.length < wanted) return { totalSize, done: true, records };
  const locator = encodeQueryLocator({ query: soql, position: returned, batchSize });
  return { totalSize, done: false, records, nextRecordsUrl: `/services/data/v${apiVersion}/query/${locator}` };
}
