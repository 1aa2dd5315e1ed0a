/** A real engine on a fresh database (SQLite file or PostgreSQL database), with a seeded store. */
import { createEngine, type Engine, type EngineOptions } from '../../src/engine.js';
import { seedStore, type SeededStore, type StoreSeed } from '../../src/seed/seed-store.js';
import { createTestDatabase } from './test-database.js';

export { temporaryDatabaseFile } from './test-database.js';

export interface TestEngine {
  readonly engine: Engine;
  readonly store: SeededStore;
  /** Where the database is: a SQLite file path or a PostgreSQL URL (what `createEngine` takes). */
  readonly databaseUrl: string;
  /** The same as `databaseUrl`. */
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

export async function openTestEngine(
  seed: StoreSeed = defaultSeed,
  options: Partial<EngineOptions> = {},
): Promise<TestEngine> {
  const database = await createTestDatabase();
  const engine = await createEngine({ databaseUrl: database.url, pollIntervalMs: 20, ...options });
  const store = await seedStore(engine.store.db, seed);
  return {
    engine,
    store,
    databaseUrl: database.url,
    databaseFile: database.url,
    async dispose() {
      await engine.close();
      await database.drop();
    },
  };
}
