/**
 * The locator of a query's next page (`.../query/<locator>`). Decision: stateless — the
 * locator carries the query text, how many rows were already returned and the batch size,
 * deflated and base64url-encoded, so any server process can continue a query and nothing is
 * stored or expires. The query is parsed and visibility applied again for every page, so a
 * forged or borrowed locator can return nothing its bearer could not query directly. Unlike a
 * Salesforce cursor, a later page sees rows as they are when it is fetched.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { CheckoutError } from '../domain/errors.js';
import { maxQueryLength } from './tokenize-soql.js';

export interface QueryLocator {
  readonly query: string;
  /** Rows of the query already returned. */
  readonly position: number;
  readonly batchSize: number;
}

export function encodeQueryLocator(locator: QueryLocator): string {
  const json = JSON.stringify({ q: locator.query, p: locator.position, b: locator.batchSize });
  return deflateRawSync(Buffer.from(json, 'utf8')).toString('base64url');
}

export function decodeQueryLocator(text: string): QueryLocator {
  const invalid = () => new CheckoutError('INVALID_QUERY_LOCATOR', 400, 'invalid query locator');
  if (!/^[A-Za-z0-9_-]+$/.test(text)) throw invalid();
  let parsed: unknown;
  try {
    // The bound keeps a hostile locator from inflating into more than a query can be.
    const json = inflateRawSync(Buffer.from(text, 'base64url'), { maxOutputLength: 4 * maxQueryLength + 100 });
    parsed = JSON.parse(json.toString('utf8'));
  } catch {
    throw invalid();
  }
  if (typeof parsed !== 'object' || parsed === null) throw invalid();
  const { q, p, b } = parsed as Record<string, unknown>;
  if (typeof q !== 'string' || !Number.isSafeInteger(p) || !Number.isSafeInteger(b)) throw invalid();
  if ((p as number) < 0 || (b as number) < 1) throw invalid();
  return { query: q, position: p as number, batchSize: b as number };
}
