import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runQueryMore } from '../../src/query/run-query.js';
import { createCart } from '../../src/seed/create-cart.js';
import { openQueryFixture, recordUrl as url, type QueryFixture } from './query-fixture.js';

let fixture: QueryFixture;
let query: QueryFixture['query'];

beforeAll(async () => {
  fixture = await openQueryFixture();
  ({ query } = fixture);
}, 60_000);

afterAll(async () => {
  await fixture.test.dispose();
});

describe('runQuery', () => {
  it('finds the session of a cart, by its 18- or 15-character id', async () => {
    const soql = `SELECT Id, State FROM CartCheckoutSession WHERE WebCartId = '${fixture.openCartId}'`;
    const expected = {
      totalSize: 1,
      done: true,
      records: [
        {
          attributes: { type: 'CartCheckoutSession', url: url('CartCheckoutSession', fixture.openSessionId) },
          Id: fixture.openSessionId,
          State: 'Start',
        },
      ],
    };
    expect(await query(soql)).toEqual(expected);
    expect(await query(soql.replace(fixture.openCartId, fixture.openCartId.slice(0, 15)))).toEqual(expected);
  });

  it('finds the order of a session and the order summary of an order', async () => {
    const session = await query(
      `SELECT OrderId, IsArchived FROM CartCheckoutSession WHERE Id = '${fixture.archivedSessionId}'`,
    );
    expect(session.records[0]).toMatchObject({ OrderId: fixture.orderId, IsArchived: true });
    const order = await query(
      `select id, status, totaLamount, effectivedate, activateddate from order where id = '${fixture.orderId}'`,
    );
    expect(order.records).toEqual([
      {
        attributes: { type: 'Order', url: url('Order', fixture.orderId) },
        Id: fixture.orderId,
        Status: 'Activated',
        TotalAmount: 35,
        EffectiveDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) as unknown,
        ActivatedDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$/) as unknown,
      },
    ]);
    const summary = await query(
      `SELECT Id, Status, OrderLifeCycleType, GrandTotalAmount FROM OrderSummary WHERE OriginalOrderId = '${fixture.orderId}'`,
    );
    expect(summary.records).toEqual([
      expect.objectContaining({ Status: 'Created', OrderLifeCycleType: 'UNMANAGED', GrandTotalAmount: 35 }),
    ]);
  });

  it('nests parent fields under the relationship name, null when there is no parent', async () => {
    const result = await query(
      `SELECT Id, webcart.STATUS, Order.OrderNumber, WebCart.Name FROM CartCheckoutSession
       WHERE WebCart.Status = 'closed' OR Id = '${fixture.openSessionId}' ORDER BY WebCart.Status`,
    );
    expect(result.records).toEqual([
      {
        attributes: { type: 'CartCheckoutSession', url: url('CartCheckoutSession', fixture.openSessionId) },
        Id: fixture.openSessionId,
        WebCart: {
          attributes: { type: 'WebCart', url: url('WebCart', fixture.openCartId) },
          Status: 'Checkout',
          Name: 'Cart',
        },
        Order: null,
      },
      {
        attributes: { type: 'CartCheckoutSession', url: url('CartCheckoutSession', fixture.archivedSessionId) },
        Id: fixture.archivedSessionId,
        WebCart: {
          attributes: { type: 'WebCart', url: url('WebCart', fixture.closedCartId) },
          Status: 'Closed',
          Name: 'Cart',
        },
        Order: {
          attributes: { type: 'Order', url: url('Order', fixture.orderId) },
          OrderNumber: expect.any(String) as unknown,
        },
      },
    ]);
  });

  it('follows the audit reference fields to the User who made a record', async () => {
    const result = await query(
      `SELECT CreatedBy.Username, CreatedById FROM WebCart WHERE Id = '${fixture.openCartId}'`,
    );
    const record = result.records[0]!;
    expect(record.CreatedBy).toEqual({
      attributes: { type: 'User', url: url('User', record.CreatedById as string) },
      Username: fixture.test.store.buyers[0]!.username,
    });
  });

  it('compares values in their stored form: booleans, money, dates, date-times, nulls', async () => {
    const ids = async (soql: string) => (await query(soql)).records.map((record) => record.Id);
    const sessions = `SELECT Id FROM CartCheckoutSession WHERE`;
    expect(await ids(`${sessions} IsArchived = TRUE`)).toEqual([fixture.archivedSessionId]);
    expect(await ids(`${sessions} IsArchived != true ORDER BY Id`)).toEqual(
      [fixture.openSessionId, fixture.otherSessionId].sort(),
    );
    expect(await ids(`${sessions} OrderId != null`)).toEqual([fixture.archivedSessionId]);
    expect(await ids(`${sessions} OrderId = null AND WebCartId = '${fixture.openCartId}'`)).toEqual([
      fixture.openSessionId,
    ]);
    // SOQL's != also matches null fields, unlike SQL's.
    expect(await ids(`${sessions} OrderId != '${fixture.orderId}' ORDER BY Id`)).toEqual(
      [fixture.openSessionId, fixture.otherSessionId].sort(),
    );
    expect(await ids(`${sessions} NOT (OrderId = '${fixture.orderId}') ORDER BY Id`)).toEqual(
      [fixture.openSessionId, fixture.otherSessionId].sort(),
    );
    expect(await ids(`${sessions} OrderId NOT IN ('${fixture.orderId}') ORDER BY Id`)).toEqual(
      [fixture.openSessionId, fixture.otherSessionId].sort(),
    );
    expect(await ids(`${sessions} OrderId IN ('${fixture.orderId}', null) ORDER BY Id`)).toHaveLength(3);
    expect(
      await ids(`${sessions} CreatedDate > 2000-01-01T00:00:00Z AND CreatedDate < 2999-01-01T00:00:00.000+0000`),
    ).toHaveLength(3);
    expect(await ids(`${sessions} CreatedDate < 2000-01-01T00:00:00Z`)).toEqual([]);
    const orders = `SELECT Id FROM Order WHERE`;
    expect(await ids(`${orders} TotalAmount = 35`)).toEqual([fixture.orderId]);
    expect(await ids(`${orders} TotalAmount = 35.00 AND TotalAmount > 34.99 AND TotalAmount <= 35`)).toEqual([
      fixture.orderId,
    ]);
    expect(await ids(`${orders} TotalAmount IN (3500, 0.35)`)).toEqual([]);
    const today = new Date().toISOString().slice(0, 10);
    expect(await ids(`${orders} EffectiveDate = ${today} OR EffectiveDate = 2000-01-01`)).toEqual([fixture.orderId]);
    expect(await ids(`${orders} Status IN ('activated', 'Draft') AND OrderNumber LIKE '%'`)).toEqual([fixture.orderId]);
  });

  it('runs a long chain of conditions without hitting the database expression depth limit', async () => {
    const chain = Array.from({ length: 1000 }, (_, index) => `PoNumber = 'PO-${index + 1000}'`).join(' OR ');
    expect((await query(`SELECT COUNT() FROM WebCart WHERE ${chain}`)).totalSize).toBe(3);
    const list = Array.from({ length: 3000 }, (_, index) => `'PO-${index}'`).join(', ');
    expect((await query(`SELECT COUNT() FROM WebCart WHERE PoNumber IN (${list})`)).totalSize).toBe(3);
  });

  it('matches text case-insensitively and LIKE with wildcards and escapes', async () => {
    const count = async (where: string) => (await query(`SELECT COUNT() FROM WebCart WHERE ${where}`)).totalSize;
    expect(await count(`Name = 'CART' AND Id = '${fixture.openCartId}'`)).toBe(1);
    expect(await count(`Name LIKE 'c%' AND Id = '${fixture.openCartId}'`)).toBe(1);
    expect(await count(`Name LIKE 'C_rt' AND Id = '${fixture.openCartId}'`)).toBe(1);
    expect(await count(`Name LIKE 'C\\_rt' AND Id = '${fixture.openCartId}'`)).toBe(0);
    expect(await count(`PoNumber LIKE 'PO-10%' AND Id = '${fixture.openCartId}'`)).toBe(1);
  });

  it('answers COUNT() with totalSize only, respecting LIMIT and OFFSET', async () => {
    expect(await query('SELECT COUNT() FROM CartCheckoutSession')).toEqual({ totalSize: 3, done: true, records: [] });
    expect((await query('SELECT COUNT() FROM CartCheckoutSession LIMIT 2')).totalSize).toBe(2);
    expect((await query('SELECT COUNT() FROM CartCheckoutSession LIMIT 5 OFFSET 2')).totalSize).toBe(1);
  });

  it('pages through results with a small batch size and short locators', async () => {
    const { engine, store } = fixture.test;
    for (let index = 0; index < 4; index += 1) {
      await createCart(engine.store.db, store.storeId, store.buyers[1]!, []);
    }
    const all = await query('SELECT Id, Name FROM WebCart ORDER BY Name, CreatedDate DESC');
    expect(all).toMatchObject({ totalSize: 7, done: true });
    const seen: unknown[] = [];
    let page = await query('SELECT Id, Name FROM WebCart ORDER BY Name, CreatedDate DESC', {
      batchSize: 3,
      apiVersion: '58.0',
    });
    const pageSizes = [];
    for (;;) {
      expect(page.totalSize).toBe(7);
      seen.push(...page.records);
      pageSizes.push(page.records.length);
      if (page.done) break;
      expect(page.nextRecordsUrl).toMatch(/^\/services\/data\/v58\.0\/query\/[0-9a-f]{24}-\d+$/);
      page = await runQueryMore(engine.store, page.nextRecordsUrl!.split('/').pop()!, { apiVersion: '58.0' });
    }
    expect(pageSizes).toEqual([3, 3, 1]);
    expect(page.nextRecordsUrl).toBeUndefined();
    expect(seen.map((record) => (record as { Id: string }).Id)).toEqual(all.records.map((record) => record.Id));

    const limited = await query('SELECT Id FROM WebCart ORDER BY Id LIMIT 4 OFFSET 2', { batchSize: 3 });
    expect(limited).toMatchObject({ totalSize: 4, done: false });
    const rest = await runQueryMore(engine.store, limited.nextRecordsUrl!.split('/').pop()!);
    expect(rest).toMatchObject({ totalSize: 4, done: true });
    expect([...limited.records, ...rest.records].map((record) => record.Id)).toEqual(
      all.records
        .map((record) => record.Id)
        .sort()
        .slice(2, 6),
    );
    expect(await query('SELECT Id FROM WebCart OFFSET 100')).toEqual({ totalSize: 0, done: true, records: [] });
    expect((await query('SELECT Id FROM WebCart', { batchSize: Number.NaN })).records).toHaveLength(7);
  });

  it('rejects a locator it did not make with INVALID_QUERY_LOCATOR 400', async () => {
    const unknown = `${'0'.repeat(24)}-3`;
    for (const locator of ['not a locator', 'AAAA', Buffer.from('{"q":1}').toString('base64url'), unknown]) {
      const error: unknown = await runQueryMore(fixture.test.engine.store, locator).catch(
        (failure: unknown) => failure,
      );
      expect(error).toMatchObject({ errorCode: 'INVALID_QUERY_LOCATOR', httpStatus: 400 });
    }
  });
});
