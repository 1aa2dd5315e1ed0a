/**
 * A buyer's visibility check probes the one cart or order a row belongs to, by its id: it
 * never reads the list of every cart or order of the account (a B2B account keeps thousands,
 * and the check runs on every record a buyer reads or writes). SQLite's plan.
 */
import { CompiledQuery, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCaller } from '../src/access/caller.js';
import { visibilityOf } from '../src/access/record-visibility.js';
import { objects } from '../src/records/registry.js';
import { testBackend } from './support/test-database.js';
import { openTestEngine, type TestEngine } from './support/test-engine.js';

describe.skipIf(testBackend !== 'sqlite')('buyer visibility plans', () => {
  let test: TestEngine;
  beforeEach(async () => {
    test = await openTestEngine();
  });
  afterEach(async () => {
    await test.dispose();
  });

  it('check a session and an order summary through a probe of their cart and order', async () => {
    const db = test.engine.store.db;
    const caller = (await loadCaller(db, test.store.buyers[0]!.userId))!;
    const planOf = async (table: string, definition: (typeof objects)[keyof typeof objects]) => {
      const condition = visibilityOf(caller, definition, 'r')!;
      const { sql: text, parameters } =
        sql`select r.* from ${sql.table(table)} as r where r.id = ${'x'} and ${condition}`.compile(db);
      const { rows } = await db.executeQuery<{ detail: string }>(
        CompiledQuery.raw(`explain query plan ${text}`, [...parameters]),
      );
      return rows.map((row) => row.detail).join('\n');
    };
    const session = await planOf('cart_checkout_session', objects.cartCheckoutSession);
    expect(session).toMatch(/SEARCH vc (EXISTS )?USING INDEX sqlite_autoindex_web_cart_1 \(id=\?\)/);
    expect(session).not.toMatch(/LIST SUBQUERY|SCAN vc/);
    const summary = await planOf('order_summary', objects.orderSummary);
    expect(summary).toMatch(/SEARCH vo (EXISTS )?USING INDEX sqlite_autoindex_sales_order_1 \(id=\?\)/);
    expect(summary).not.toMatch(/LIST SUBQUERY|SCAN vo/);
  });
});
