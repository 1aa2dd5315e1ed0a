/**
 * A `/metrics` scrape reads only its window: the figures' two queries search the time indexes
 * of migration 0011 instead of scanning every order and operation ever kept (SQLite's plan).
 */
import { CompiledQuery } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../src/engine.js';
import { checkoutFigureQueries } from '../src/store/checkout-figures.js';
import { temporaryDatabaseFile, testBackend } from './support/test-database.js';

describe.skipIf(testBackend !== 'sqlite')('checkout figures', () => {
  let engine: Engine | undefined;
  let remove: () => void = () => undefined;
  afterEach(async () => {
    await engine?.close();
    remove();
  });

  it('read the orders and operations of their window through the time indexes', async () => {
    const database = temporaryDatabaseFile();
    remove = database.remove;
    engine = await createEngine({ databaseUrl: database.file, workers: 0 });
    const db = engine.store.db;
    const explain = async (query: { compile(): CompiledQuery }) => {
      const { sql, parameters } = query.compile();
      const { rows } = await db.executeQuery<{ detail: string }>(
        CompiledQuery.raw(`explain query plan ${sql}`, [...parameters]),
      );
      return rows.map((row) => row.detail).join('\n');
    };
    const queries = checkoutFigureQueries(db, Date.now());
    expect(await explain(queries.orders)).toMatch(
      /SEARCH sales_order USING .*sales_order_created_date_idx \(created_date>\?\)/,
    );
    expect(await explain(queries.operations)).toMatch(
      /SEARCH background_operation USING INDEX background_operation_status_finished_idx \(status=\? AND finished_at>\?\)/,
    );
  });
});
