import { defineConfig } from 'vitest/config';

/**
 * One suite, both databases: every test runs on SQLite, and again on PostgreSQL when
 * TEST_DATABASE_URL names a server (each test gets a database of its own there).
 */
const hasPostgres = process.env.TEST_DATABASE_URL !== undefined && process.env.TEST_DATABASE_URL !== '';
if (!hasPostgres) console.log('PostgreSQL suite skipped: TEST_DATABASE_URL is not set (SQLite suite only).');

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/faults/**', 'node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: [
      { extends: true as const, test: { name: 'sqlite', env: { TEST_BACKEND: 'sqlite' } } },
      ...(hasPostgres
        ? [{ extends: true as const, test: { name: 'postgres', env: { TEST_BACKEND: 'postgres' } } }]
        : []),
    ],
  },
});
