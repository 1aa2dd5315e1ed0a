import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quoteSoqlString } from '../../src/query/quote-soql-string.js';
import { runQuery } from '../../src/query/run-query.js';
import { createCart } from '../../src/seed/create-cart.js';
import { openTestEngine, type TestEngine } from '../support/test-engine.js';

let test: TestEngine;
let cartId: string;

beforeAll(async () => {
  test = await openTestEngine();
  ({ cartId } = await createCart(test.engine.store.db, test.store.storeId, test.store.buyers[0]!, []));
});

afterAll(async () => {
  await test.dispose();
});

/** Any text: Unicode, ASCII control characters, and the characters SQL and SOQL treat specially. */
const anyText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary-ascii', maxLength: 40 }),
  fc.stringMatching(/^[\\'"%_;\-=() ORDPcart]{0,30}$/),
  fc.constantFrom("' OR 1=1 --", "'; DROP TABLE web_cart; --", 'Cart', 'CART', "\\'", '%', '_'),
);

describe('a string literal is always one bound value', () => {
  it('matches a stored value only when equal (ignoring ASCII case, as SOQL does)', async () => {
    await fc.assert(
      fc.asyncProperty(anyText, async (text) => {
        if (text.includes('\0')) {
          const refused: unknown = await runQuery(
            test.engine.store,
            `SELECT Id FROM WebCart WHERE Name = ${quoteSoqlString(text)}`,
          ).catch((error: unknown) => error);
          expect(refused).toMatchObject({ errorCode: 'MALFORMED_QUERY', httpStatus: 400 });
          return;
        }
        const result = await runQuery(
          test.engine.store,
          `SELECT Id, Name FROM WebCart WHERE Name = ${quoteSoqlString(text)} AND Id = '${cartId}'`,
        );
        const isEqual = text.replace(/[A-Z]/g, (char) => char.toLowerCase()) === 'cart';
        expect(result.totalSize).toBe(isEqual ? 1 : 0);
      }),
      { numRuns: 300 },
    );
  });

  it('finds any stored text by itself', async () => {
    const db = test.engine.store.db;
    await fc.assert(
      // PostgreSQL text cannot hold NUL, so no record can either.
      fc.asyncProperty(
        anyText.filter((text) => !text.includes('\0')),
        async (text) => {
          await db.updateTable('web_cart').set({ po_number: text }).where('id', '=', cartId).execute();
          const result = await runQuery(
            test.engine.store,
            `SELECT PoNumber FROM WebCart WHERE PoNumber = ${quoteSoqlString(text)} AND Id IN ('${cartId}')`,
          );
          expect(result.records.map((record) => record.PoNumber)).toEqual([text]);
          const negated = await runQuery(
            test.engine.store,
            `SELECT COUNT() FROM WebCart WHERE PoNumber != ${quoteSoqlString(text)} AND Id = '${cartId}'`,
          );
          expect(negated.totalSize).toBe(0);
        },
      ),
      { numRuns: 200 },
    );
  });
});
