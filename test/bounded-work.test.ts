/**
 * Bounded work (SPEC.md section 7): a query past its time budget answers QUERY_TIMEOUT while
 * the server keeps answering others; a query past the complexity limit is refused before it
 * runs; every nextRecordsUrl can be followed, by its owner, until it expires; expired and old
 * rows are purged.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken, issueAccessToken } from '../src/access/access-tokens.js';
import { systemUserId } from '../src/access/permission-sets.js';
import { enqueueOperation } from '../src/operations/enqueue-operation.js';
import { purgeExpiredRows } from '../src/operations/purge-expired-rows.js';
import { runQuery, type QueryResult } from '../src/query/run-query.js';
import { createCart } from '../src/seed/create-cart.js';
import { insertRecord, insertRecords } from '../src/store/insert-record.js';
import { startHttpTestServer, type HttpTestServer } from './support/http-test-server.js';
import { testBackend } from './support/test-database.js';

/** Enough rows that 600 OR terms take far longer than the budget, few enough to insert fast. */
const heavyItemCount = 30_000;
const budgetMs = 500;

describe(`bounded work (${testBackend})`, () => {
  let server: HttpTestServer;
  let heavyCartId: string;
  let pagedCartId: string;
  beforeAll(async () => {
    server = await startHttpTestServer(undefined, {
      engineOptions: { queryBudgetMs: budgetMs, purge: { intervalMs: 0 } },
    });
    const { engine, store } = server;
    const buyer = store.buyers[0]!;
    const widget = store.products[0]!;
    heavyCartId = (await createCart(engine.store.db, store.storeId, buyer, [])).cartId;
    const { deliveryGroupId } = await createCart(engine.store.db, store.storeId, buyer, []);
    const group = await engine.store.db
      .selectFrom('cart_delivery_group')
      .select('id')
      .where('cart_id', '=', heavyCartId)
      .executeTakeFirstOrThrow();
    expect(deliveryGroupId).not.toBe(group.id);
    await engine.store.transaction((trx) =>
      insertRecords(
        trx,
        'cartItem',
        Array.from({ length: heavyItemCount }, (_, index) => ({
          cart_id: heavyCartId,
          cart_delivery_group_id: group.id,
          product2_id: widget.id,
          name: `Item ${index}`,
          type: 'Product',
          quantity: 1,
        })),
        buyer.userId,
      ),
    );
    const lines = Array.from({ length: 12 }, (_, index) => ({ product: store.products[index % 3]!, quantity: 1 }));
    pagedCartId = (await createCart(engine.store.db, store.storeId, buyer, lines)).cartId;
  }, 120_000);
  afterAll(async () => {
    await server?.dispose();
  });

  const query = (soql: string, token?: string, headers: Record<string, string> = {}) =>
    server.request('GET', `/services/data/v62.0/query?q=${encodeURIComponent(soql)}`, {
      ...(token === undefined ? {} : { token }),
      headers,
    });

  it('answers a query past its budget with QUERY_TIMEOUT 400 and answers /healthz while it runs', async () => {
    // 600 terms: as many as fit in a URL (Node refuses request heads over 16 KB).
    const terms = Array.from({ length: 600 }, (_, index) => `Name='q${index}'`).join(' OR ');
    expect((await query(`SELECT Id FROM WebStore WHERE ${terms}`)).status).toBe(200);
    // Observed, not timed: the store says when the heavy read starts and when it settles, so
    // a probe that completes in between provably completed while the read was running (a
    // blocked event loop would answer no probe before the read settled).
    const { store } = server.engine;
    const readWithin = store.readWithin.bind(store);
    let isHeavySettled = false;
    let markHeavyStarted!: () => void;
    const heavyStarted = new Promise<void>((resolve) => {
      markHeavyStarted = resolve;
    });
    store.readWithin = (statements, readBudgetMs) => {
      const read = readWithin(statements, readBudgetMs);
      if (!statements.some((statement) => statement.sql.includes('cart_item'))) return read;
      markHeavyStarted();
      return read.finally(() => (isHeavySettled = true));
    };
    try {
      const heavy = query(`SELECT Id, Name FROM CartItem WHERE ${terms} ORDER BY Name`);
      await heavyStarted;
      let probesDuringRead = 0;
      while (!isHeavySettled) {
        const health = await server.request('GET', '/healthz', { token: null });
        expect(health.status).toBe(200);
        if (!isHeavySettled) probesDuringRead += 1;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      expect(probesDuringRead).toBeGreaterThan(0);
      const response = await heavy;
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject([{ errorCode: 'QUERY_TIMEOUT' }]);
      expect((response.body as { message: string }[])[0]!.message).toContain('too long');
    } finally {
      store.readWithin = readWithin;
    }
  });

  it('answers a point read (Id pinned) on the request connection, never through the budgeted reader', async () => {
    const { store } = server.engine;
    const item = await store.db
      .selectFrom('cart_item')
      .select(['id', 'name'])
      .where('cart_id', '=', heavyCartId)
      .orderBy('id')
      .limit(1)
      .executeTakeFirstOrThrow();
    const readWithin = store.readWithin.bind(store);
    const budgetedSql: string[] = [];
    store.readWithin = (statements, readBudgetMs) => {
      budgetedSql.push(...statements.map((statement) => statement.sql));
      return readWithin(statements, readBudgetMs);
    };
    try {
      // The same 600 OR terms that time out over 30,000 rows, checked on the one row the Id finds.
      const terms = Array.from({ length: 600 }, (_, index) => `Name='q${index}'`).join(' OR ');
      const miss = await query(`SELECT Id FROM CartItem WHERE Id = '${item.id}' AND (${terms})`);
      expect(miss.status).toBe(200);
      expect(miss.body).toMatchObject({ totalSize: 0, done: true, records: [] });
      const hit = await query(
        `SELECT Id, Name FROM CartItem WHERE (${terms} OR Name = '${item.name}') AND Id = '${item.id}'`,
      );
      expect(hit.status).toBe(200);
      expect(hit.body).toMatchObject({ totalSize: 1, done: true, records: [{ Id: item.id, Name: item.name }] });
      // The 15-character form pins it too; its buyer sees it, another buyer does not.
      const short = await query(`SELECT Id FROM CartItem WHERE Id = '${item.id.slice(0, 15)}'`, server.buyerTokens[0]);
      expect(short.body).toMatchObject({ totalSize: 1, records: [{ Id: item.id }] });
      const hidden = await query(`SELECT Id FROM CartItem WHERE Id = '${item.id}'`, server.buyerTokens[1]);
      expect(hidden.body).toMatchObject({ totalSize: 0, records: [] });
      // COUNT() and OFFSET answer as for any query.
      const counted = await query(`SELECT COUNT() FROM CartItem WHERE Id = '${item.id}'`);
      expect(counted.body).toMatchObject({ totalSize: 1, done: true, records: [] });
      const offset = await query(`SELECT Id FROM CartItem WHERE Id = '${item.id}' LIMIT 5 OFFSET 1`);
      expect(offset.body).toMatchObject({ totalSize: 0, done: true, records: [] });
      const limited = await query(`SELECT Id FROM CartItem WHERE Id = '${item.id}' LIMIT 1 OFFSET 0`);
      expect(limited.body).toMatchObject({ totalSize: 1, done: true, records: [{ Id: item.id }] });
      expect(budgetedSql).toEqual([]);
      // Anything else still goes through the budget.
      expect((await query(`SELECT Id FROM CartItem WHERE Id != '${item.id}' LIMIT 1`)).status).toBe(200);
      expect(budgetedSql.length).toBeGreaterThan(0);
    } finally {
      store.readWithin = readWithin;
    }
  });

  it('still answers queries within the budget after a timeout', async () => {
    const response = await query(`SELECT COUNT() FROM CartItem WHERE CartId = '${pagedCartId}'`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ totalSize: 12, done: true });
  });

  it('refuses a query past the complexity limit with QUERY_TOO_COMPLICATED 400 before running it', async () => {
    // Past what a URL can carry: through the engine's query function.
    const terms = Array.from({ length: 1001 }, (_, index) => `Name = 'x${index}'`).join(' OR ');
    const conditions: unknown = await runQuery(server.engine.store, `SELECT Id FROM CartItem WHERE ${terms}`).catch(
      (error: unknown) => error,
    );
    expect(conditions).toMatchObject({ errorCode: 'QUERY_TOO_COMPLICATED', httpStatus: 400 });
    expect(String(conditions)).toContain('1001 conditions');
    const values = Array.from({ length: 4001 }, (_, index) => `'x${index}'`).join(',');
    const inValues: unknown = await runQuery(
      server.engine.store,
      `SELECT Id FROM CartItem WHERE Name IN (${values})`,
    ).catch((error: unknown) => error);
    expect(inValues).toMatchObject({ errorCode: 'QUERY_TOO_COMPLICATED', httpStatus: 400 });
    expect(String(inValues)).toContain('4001 values');
    const orderBy = Array.from({ length: 33 }, () => 'Name').join(', ');
    const ordered = await query(`SELECT Id FROM CartItem ORDER BY ${orderBy}`);
    expect(ordered.status).toBe(400);
    expect(ordered.body).toMatchObject([{ errorCode: 'QUERY_TOO_COMPLICATED' }]);
    expect((ordered.body as { message: string }[])[0]!.message).toContain('33 fields');
  });

  it('follows every nextRecordsUrl whatever the length of the query, as its owner only', async () => {
    // A long query: its locator stays short (Fastify refuses path parameters over 100 characters).
    const padding = Array.from({ length: 300 }, (_, index) => `Name != 'padding ${index}'`).join(' AND ');
    const soql =
      'SELECT Id, Name, Quantity, SalesPrice, TotalPrice, CartId FROM CartItem ' +
      `WHERE Type = 'Product' AND CartId = '${pagedCartId}' AND ${padding} ORDER BY Name`;
    let page = await query(soql, undefined, { 'sforce-query-options': 'batchSize=5' });
    const seen: string[] = [];
    const urls: string[] = [];
    for (;;) {
      expect(page.status, page.text).toBe(200);
      const body = page.body as QueryResult;
      expect(body.totalSize).toBe(12);
      seen.push(...body.records.map((record) => record.Id as string));
      if (body.done) break;
      urls.push(body.nextRecordsUrl!);
      expect(body.nextRecordsUrl!.length).toBeLessThan(80);
      page = await server.request('GET', body.nextRecordsUrl!);
    }
    expect(seen).toHaveLength(12);
    expect(new Set(seen).size).toBe(12);
    expect(urls).toHaveLength(2);

    const otherBuyer = await server.request('GET', urls[0]!, { token: server.buyerTokens[1]! });
    expect(otherBuyer.status).toBe(400);
    expect(otherBuyer.body).toMatchObject([{ errorCode: 'INVALID_QUERY_LOCATOR' }]);

    await server.engine.store.db.updateTable('query_cursor').set({ expires_at_ms: 0 }).execute();
    const expired = await server.request('GET', urls[1]!);
    expect(expired.status).toBe(400);
    expect(expired.body).toMatchObject([{ errorCode: 'INVALID_QUERY_LOCATOR' }]);
  });

  it('purges expired tokens and cursors, finished operations and closed carts’ outputs past their age', async () => {
    const { db } = server.engine.store;
    const { store } = server;
    const buyer = store.buyers[1]!;
    const past = '2000-01-01T00:00:00.000Z';
    // Issuing a token drops the user's dead ones, so the live one is issued first.
    const liveToken = await issueAccessToken(db, buyer.userId, { ttlMs: 60_000 });
    const expiredToken = await issueAccessToken(db, buyer.userId, { ttlMs: 60_000 });
    await db
      .updateTable('access_token')
      .set({ expires_at: past })
      .where('token_hash', '=', hashToken(expiredToken))
      .execute();
    expect(expiredToken).not.toBe(liveToken);

    const closed = await createCart(db, store.storeId, buyer, []);
    const open = await createCart(db, store.storeId, buyer, []);
    await db.updateTable('web_cart').set({ status: 'Closed' }).where('id', '=', closed.cartId).execute();
    const output = { name: 'Note', level: 'Info', type: 'SystemError', message: 'old' } as const;
    const oldClosedOutput = await insertRecord(
      db,
      'cartValidationOutput',
      { ...output, cart_id: closed.cartId },
      systemUserId,
    );
    const oldOpenOutput = await insertRecord(
      db,
      'cartValidationOutput',
      { ...output, cart_id: open.cartId },
      systemUserId,
    );
    await db.updateTable('cart_validation_output').set({ created_date: past }).execute();
    const newClosedOutput = await insertRecord(
      db,
      'cartValidationOutput',
      { ...output, cart_id: closed.cartId },
      systemUserId,
    );

    const [oldOperation, newOperation, liveOperation] = await server.engine.store.transaction(async (trx) => [
      await enqueueOperation(trx, { type: 'CalculateTaxes', cartId: null, sessionId: null }, systemUserId),
      await enqueueOperation(trx, { type: 'CalculateTaxes', cartId: null, sessionId: null }, systemUserId),
      await enqueueOperation(
        trx,
        { type: 'CalculateTaxes', cartId: null, sessionId: null, runAfterMs: 8e12 },
        systemUserId,
      ),
    ]);
    await db
      .updateTable('background_operation')
      .set({ status: 'Complete', lease_owner: 'crashed-worker', last_modified_date: past })
      .where('id', '=', oldOperation)
      .execute();
    await db
      .updateTable('background_operation')
      .set({ status: 'Error', lease_owner: 'crashed-worker' })
      .where('id', '=', newOperation)
      .execute();

    const counts = await purgeExpiredRows(server.engine.store, { batchSize: 2 });
    expect(counts).toMatchObject({ accessTokens: 1, operations: 1, validationOutputs: 1 });
    expect(counts.queryCursors).toBeGreaterThanOrEqual(1);
    const tokens = await db
      .selectFrom('access_token')
      .select('token_hash')
      .where('user_id', '=', buyer.userId)
      .execute();
    expect(tokens.map((token) => token.token_hash).sort()).toEqual(
      [hashToken(liveToken), hashToken(server.buyerTokens[1]!)].sort(),
    );
    const operations = await db
      .selectFrom('background_operation')
      .select(['id', 'lease_owner'])
      .where('id', 'in', [oldOperation, newOperation, liveOperation])
      .orderBy('id')
      .execute();
    expect(operations.map((operation) => operation.id).sort()).toEqual([newOperation, liveOperation].sort());
    expect(operations.every((operation) => operation.lease_owner === null)).toBe(true);
    const outputs = await db.selectFrom('cart_validation_output').select('id').execute();
    const outputIds = outputs.map((row) => row.id);
    expect(outputIds).not.toContain(oldClosedOutput);
    expect(outputIds).toEqual(expect.arrayContaining([oldOpenOutput, newClosedOutput]));
    expect(await db.selectFrom('query_cursor').select('id').execute()).toEqual([]);
  });

  it('reports live operations in /metrics from the live statuses only', async () => {
    const response = await server.request('GET', '/metrics', { token: null });
    expect(response.status).toBe(200);
    expect(response.text).toMatch(/b2b_checkout_operations\{type="CalculateTaxes",status="New"\} 1/);
    expect(response.text).not.toMatch(/status="Complete"/);
    const { rows } = await sql`select 1 as one`.execute(server.engine.store.db);
    expect(rows).toHaveLength(1);
  });
});
