/**
 * `b2b-checkout demo reset`: deletes the commerce data of a database (clear-commerce-data.ts
 * lists what goes and what stays) and seeds the demo store again, then prints how to sign in
 * as its first buyer. It destroys data, so it asks first: `--yes`, or typing `reset` at the
 * prompt of a terminal; without either it refuses and changes nothing.
 */
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { maskCredentials } from '../domain/mask-credentials.js';
import { clearCommerceData } from '../store/clear-commerce-data.js';
import { demoBuyerPassword, seedDemo } from './seed-demo.js';
import { withOperatorEngine, type DatabaseFlags } from './with-operator-engine.js';

type Print = (line: string) => void;

async function isConfirmed(target: string): Promise<boolean> {
  if (!process.stdin.isTTY) return false;
  const reader = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await reader.question(
      `This deletes every store, product, account, buyer, cart, checkout and order of ${target}. Type reset to go on: `,
    );
    return answer.trim() === 'reset';
  } finally {
    reader.close();
  }
}

export function registerDemoResetCommand(demo: Command, print: Print): void {
  // Options after `reset` belong to it, not to `demo` (whose --db names another default);
  // commander needs positional options on every command above it for that.
  demo.enablePositionalOptions();
  demo.parent?.enablePositionalOptions();
  demo
    .command('reset')
    .description('Delete the commerce data (stores, catalog, buyers, carts, orders) and seed the demo store again')
    .option('--yes', 'do not ask for confirmation')
    .option('--db <url>', 'database (env DATABASE_URL or B2B_CHECKOUT_DB)')
    .action(async (flags: DatabaseFlags & { readonly yes?: boolean }) => {
      await withOperatorEngine(flags, async (engine, config) => {
        const target = maskCredentials(config.databaseUrl);
        if (flags.yes !== true && !(await isConfirmed(target))) {
          throw new Error(`Not reset: confirm with --yes to delete the commerce data of ${target}`);
        }
        const cleared = await clearCommerceData(engine.store);
        print(`Cleared ${cleared.length} tables of ${target}`);
        const buyer = await seedDemo(engine);
        if (buyer === null) throw new Error('The demo store was not seeded: another process seeded a store meanwhile');
        print(`Seeded the demo store; buyer ${buyer.username}, password ${demoBuyerPassword}`);
        print(`Buyer token (valid 24 h): ${buyer.token}`);
        if (buyer.cartId !== null) print(`Demo cart: ${buyer.cartId}`);
      });
    });
}
