import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueryOptions } from '../../src/query/run-query.js';
import { openQueryFixture, type QueryFixture } from './query-fixture.js';

let fixture: QueryFixture;
let query: QueryFixture['query'];
let queryError: QueryFixture['queryError'];

beforeAll(async () => {
  fixture = await openQueryFixture();
  ({ query, queryError } = fixture);
}, 60_000);

afterAll(async () => {
  await fixture.test.dispose();
});

describe('runQuery refuses what it must and shows only what it may', () => {
  it('reports unknown objects, unknown fields and values of the wrong type', async () => {
    expect(await queryError('SELECT Id FROM Nope')).toMatchObject({
      errorCode: 'INVALID_TYPE',
      httpStatus: 400,
      message: "sObject type 'Nope' is not supported (line 1, column 16)",
    });
    expect(await queryError('SELECT Id FROM web_cart')).toMatchObject({ errorCode: 'INVALID_TYPE' });
    const invalidField = async (soql: string, column: number) => {
      const error = await queryError(soql);
      expect(error).toMatchObject({ errorCode: 'INVALID_FIELD', httpStatus: 400 });
      expect(error.message).toContain(`(line 1, column ${column})`);
      return error.message;
    };
    expect(await invalidField('SELECT Id, Bogus FROM WebCart', 12)).toContain(
      "No such column 'Bogus' on entity 'WebCart'",
    );
    expect(await invalidField('SELECT PasswordHash FROM User', 8)).toContain('PasswordHash');
    expect(await invalidField('SELECT CheckoutSessionId FROM Order', 8)).toContain('CheckoutSessionId');
    expect(await invalidField('SELECT Id FROM CartCheckoutSession WHERE Cart.Status = null', 42)).toContain(
      "relationship 'Cart'",
    );
    await invalidField('SELECT WebCart.Owner.Name FROM CartCheckoutSession', 8);
    await invalidField('SELECT WebCart FROM CartCheckoutSession', 8);
    await invalidField('SELECT Id FROM CartItem ORDER BY CartDeliveryGroup.DeliveryMethod.Name', 34);
    await invalidField("SELECT Id FROM CartCheckoutSession WHERE IsArchived = 'yes'", 55);
    await invalidField('SELECT Id FROM CartCheckoutSession WHERE IsArchived > false', 42);
    await invalidField('SELECT Id FROM CartCheckoutSession WHERE State = 5', 50);
    await invalidField("SELECT Id FROM CartCheckoutSession WHERE WebCartId = 'nope'", 54);
    await invalidField("SELECT Id FROM Order WHERE TotalAmount = '35'", 42);
    await invalidField('SELECT Id FROM Order WHERE TotalAmount = 35.001', 42);
    await invalidField("SELECT Id FROM Order WHERE ActivatedDate > '2026-01-01'", 44);
    await invalidField('SELECT Id FROM Order WHERE ActivatedDate > 2026-01-01', 44);
    await invalidField("SELECT Id FROM Order WHERE IsProcessing LIKE 'x'", 28);
    await invalidField("SELECT Id FROM Order WHERE TotalAmount LIKE '3%'", 28);
    expect(await queryError('SELECT Id, id FROM WebCart')).toMatchObject({ errorCode: 'MALFORMED_QUERY' });
    // The first mistake in the text is the one reported.
    expect((await queryError('SELECT Bad1 FROM WebCart WHERE Bad2 = 1')).message).toContain("'Bad1'");
  });

  it('treats injection attempts in literals as plain values and never as SQL', async () => {
    const db = fixture.test.engine.store.db;
    const before = await db
      .selectFrom('web_cart')
      .select(db.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    for (const attempt of ["' OR 1=1 --", "'; DROP TABLE web_cart; --", "x' OR '1'='1", '%']) {
      const escaped = attempt.replace(/\\/g, '\\\\').replace(/'/g, "\\'");
      expect(await query(`SELECT Id FROM WebCart WHERE Name = '${escaped}'`)).toEqual({
        totalSize: 0,
        done: true,
        records: [],
      });
      expect(
        (await query(`SELECT Id FROM WebCart WHERE Name IN ('${escaped}') OR PoNumber LIKE '${escaped}x'`)).totalSize,
      ).toBe(0);
    }
    // Unescaped, the quote ends the literal and the rest is not SOQL.
    expect(await queryError("SELECT Id FROM WebCart WHERE Name = '' OR 1=1 --'")).toMatchObject({
      errorCode: 'MALFORMED_QUERY',
    });
    expect(await queryError("SELECT Id FROM WebCart WHERE Name = ''; DROP TABLE web_cart; --'")).toMatchObject({
      errorCode: 'MALFORMED_QUERY',
    });
    expect(await queryError('SELECT "id" FROM WebCart')).toMatchObject({ errorCode: 'MALFORMED_QUERY' });
    const after = await db
      .selectFrom('web_cart')
      .select(db.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    expect(after.count).toBe(before.count);
  });

  it('applies the restrict hook to the queried object and to parents', async () => {
    const onlyAccountA: QueryOptions['restrict'] = (definition, alias) =>
      definition.name === 'WebCart' ? sql<boolean>`${sql.ref(`${alias}.account_id`)} = ${fixture.accountA}` : null;
    const carts = await query('SELECT Id, AccountId FROM WebCart', { restrict: onlyAccountA });
    expect(carts.totalSize).toBe(2);
    expect(new Set(carts.records.map((record) => record.AccountId))).toEqual(new Set([fixture.accountA]));
    expect((await query('SELECT COUNT() FROM WebCart', { restrict: onlyAccountA })).totalSize).toBe(2);

    const sessions = await query(
      `SELECT Id, WebCart.Name FROM CartCheckoutSession WHERE Id = '${fixture.otherSessionId}'`,
      {
        restrict: onlyAccountA,
      },
    );
    expect(sessions.records).toEqual([expect.objectContaining({ Id: fixture.otherSessionId, WebCart: null })]);
    const byParent = await query("SELECT Id FROM CartCheckoutSession WHERE WebCart.Name = 'Cart' ORDER BY Id", {
      restrict: onlyAccountA,
    });
    expect(byParent.records.map((record) => record.Id)).toEqual(
      [fixture.archivedSessionId, fixture.openSessionId].sort(),
    );

    // A hook written as an OR must still bind as one condition next to the query's own.
    const accountAOrB: QueryOptions['restrict'] = (definition, alias) =>
      definition.name === 'WebCart'
        ? sql<boolean>`${sql.ref(`${alias}.account_id`)} = ${fixture.accountA} or ${sql.ref(`${alias}.account_id`)} = ${fixture.accountB}`
        : null;
    const narrowed = await query(
      `SELECT Id FROM WebCart WHERE Id = '${fixture.openCartId}' OR Id = '${fixture.otherCartId}'`,
      {
        restrict: (definition, alias) => (definition.name === 'WebCart' ? onlyAccountA(definition, alias) : null),
      },
    );
    expect(narrowed.records.map((record) => record.Id)).toEqual([fixture.openCartId]);
    const both = await query(`SELECT Id FROM WebCart WHERE Id = '${fixture.openCartId}'`, { restrict: accountAOrB });
    expect(both.totalSize).toBe(1);

    const hideAll: QueryOptions['restrict'] = () => sql<boolean>`1 = 0`;
    expect(
      await query(`SELECT Id FROM CartCheckoutSession WHERE Id = '${fixture.openSessionId}'`, { restrict: hideAll }),
    ).toEqual({
      totalSize: 0,
      done: true,
      records: [],
    });
  });
});
