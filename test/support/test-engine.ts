/** A real engine on a fresh SQLite file in a temporary folder, with a seeded store. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine, type Engine, type EngineOptions } from '../../src/engine.js';
import { seedStore, type SeededStore, type StoreSeed } from '../../src/seed/seed-store.js';

export interface TestEngine {
  readonly engine: Engine;
  readonly store: SeededStore;
  readonly databaseFile: string;
  dispose(): Promise<void>;
}

export const defaultSeed: StoreSeed = {
  name: 'Test Store',
  buyerAccounts: ['Acme', 'Globex'],
  products: [
    { name: 'Widget', sku: 'WID-1', price: '10.00', stock: 100 },
    { name: 'Gadget', sku: 'GAD-1', price: '2.50', stock: 5 },
    { name: 'Service Plan', sku: 'SVC-1', price: '99.99' },
  ],
};

export function temporaryDatabaseFile(): { file: string; remove: () => void } {
  const folder = mkdtempSync(join(tmpdir(), 'b2b-checkout-test-'));
  return { file: join(folder, 'checkout.sqlite'), remove: () => rmSync(folder, { recursive: true, force: true }) };
}

export async function openTestEngine(
  seed: StoreSeed = defaultSeed,
  options: Partial<EngineOptions> = {},
): Promise<TestEngine> {
  const { file, remove } = temporaryDatabaseFile();
  const engine = await createEngine({ databaseUrl: file, pollIntervalMs: 20, ...options });
  const store = await seedStore(engine.store.db, seed);
  return {
    engine,
    store,
    databaseFile: file,
    async dispose() {
      await engine.close();
      remove();
    },
  };
}
