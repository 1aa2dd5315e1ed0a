/**
 * The locator of a query's next page (`.../query/<locator>`). Decision (revising ADR 0010's
 * stateless locator, which carried the whole query in the URL and broke past Fastify's
 * 100-character path parameter): the query and its batch size are kept server-side in a
 * `query_cursor` row, and the locator is `<cursor id>-<rows already returned>`, like
 * Salesforce's `01gD0000002HU6KIAW-2000` — short whatever the query's length, and followable
 * from any process since the database holds the cursor. A cursor belongs to the user who ran
 * the query and expires after `cursorIdleMs` without a page read (Salesforce: 15 minutes);
 * an unknown, expired or borrowed locator is INVALID_QUERY_LOCATOR. The query is parsed and
 * visibility applied again for every page; a later page sees rows as they are when it is read.
 */
import { randomBytes } from 'node:crypto';
import { CheckoutError } from '../domain/errors.js';
import type { Store } from '../store/database.js';
import { databaseNowMs } from '../store/database-now.js';

/** How long a cursor lives without a page being read (ms), on the database's clock. */
export const cursorIdleMs = 15 * 60 * 1000;

export interface QueryCursor {
  readonly query: string;
  /** Rows of the query already returned. */
  readonly position: number;
  readonly batchSize: number;
}

const locatorPattern = /^([0-9a-f]{24})-(\d{1,9})$/;

function invalidLocator(): CheckoutError {
  return new CheckoutError('INVALID_QUERY_LOCATOR', 400, 'invalid query locator');
}

/** Stores the cursor of a query with more pages; returns the locator of the page at `position`. */
export async function createQueryCursor(
  store: Store,
  cursor: QueryCursor & { readonly userId: string | null },
): Promise<string> {
  const id = randomBytes(12).toString('hex');
  const nowMs = databaseNowMs(store.dialect);
  await store.db
    .insertInto('query_cursor')
    .values((eb) => ({
      id,
      user_id: cursor.userId,
      query: cursor.query,
      batch_size: cursor.batchSize,
      created_at_ms: nowMs,
      expires_at_ms: eb(nowMs, '+', cursorIdleMs),
    }))
    .execute();
  return `${id}-${cursor.position}`;
}

/** The locator of the next page of the same cursor. */
export function nextLocatorOf(locator: string, position: number): string {
  return `${locator.slice(0, locator.indexOf('-'))}-${position}`;
}

/**
 * The cursor a locator names, if it is live and belongs to `userId`; reading it extends its
 * life (one conditional UPDATE: the check and the extension are one statement).
 */
export async function openQueryCursor(store: Store, locator: string, userId: string | null): Promise<QueryCursor> {
  const match = locatorPattern.exec(locator);
  if (match === null) throw invalidLocator();
  const nowMs = databaseNowMs(store.dialect);
  const row = await store.db
    .updateTable('query_cursor')
    .set((eb) => ({ expires_at_ms: eb(nowMs, '+', cursorIdleMs) }))
    .where('id', '=', match[1]!)
    .where('expires_at_ms', '>', nowMs)
    .where((eb) => (userId === null ? eb('user_id', 'is', null) : eb('user_id', '=', userId)))
    .returning(['query', 'batch_size'])
    .executeTakeFirst();
  if (row === undefined) throw invalidLocator();
  return { query: row.query, batchSize: row.batch_size, position: Number(match[2]) };
}
