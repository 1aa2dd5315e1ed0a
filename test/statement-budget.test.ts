/**
 * The hot path's statement budget (docs/decisions/0019-hot-path.md): a whole standard checkout
 * — 16 action calls, a session record update and 7 background operations, in process — sends at most
 * `statementBudget` statements in at most `transactionBudget` transactions, and a 100-line cart
 * costs what a 3-line cart costs: prices, stock and order lines are set-based statements.
 * Counted on the store's `onQuery` hook by the benchmark's own counter (bench/count-checkout.ts).
 */
import { describe, expect, it } from 'vitest';
import { countCheckout, type CheckoutCount } from '../bench/count-checkout.js';
import { createTestDatabase } from './support/test-database.js';

/**
 * Both databases; `npm run bench -- limit` prints the current figures. 207 before the checkout
 * event log; its inserts and the transactions that keep them atomic with each change add 37;
 * a step reads its cart in one statement (230), totals take the lines' amounts from the update
 * that writes them (225), a step's cart read also brings its store's integration (220), and
 * activation writes the order summary itself instead of enqueuing an operation for it (211).
 * The screen step's session update now goes through the sObject write path, with its access
 * checks and checkout event, as a flow's Update Records does (216). Totals write the steps'
 * result revisions in the same statement (210); cart to order reads its cart, store terms and
 * charges once, in its transaction, locking the cart row with the read (199). Pricing reads its
 * books and entries in one statement, shipping resolves the built-in's options from the rows it
 * read, and activation and the delivery-method choice read their facts in the checks' joined
 * read (192).
 */
const statementBudget = 192;
const transactionBudget = 24;

async function countOn(lineCount: number): Promise<CheckoutCount> {
  const database = await createTestDatabase();
  try {
    return await countCheckout({ databaseUrl: database.url, lineCount });
  } finally {
    await database.drop();
  }
}

describe('statement budget of a checkout', () => {
  it(`stays within ${statementBudget} statements and ${transactionBudget} transactions, flat in line count`, async () => {
    const small = await countOn(3);
    const large = await countOn(100);
    expect(small.statements).toBeLessThanOrEqual(statementBudget);
    expect(small.transactions).toBeLessThanOrEqual(transactionBudget);
    expect(large.statements).toBe(small.statements);
    expect(large.transactions).toBe(small.transactions);
    // No statement shape runs once per line.
    const perLine = [...large.count.byShape.values()].filter((times) => times >= 100);
    expect(perLine).toEqual([]);
  });
});
