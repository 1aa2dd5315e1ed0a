import { defineConfig } from 'vitest/config';

/**
 * Fault tests: processes killed, the PostgreSQL server restarted. They disturb everything else
 * on that server, so they run alone, one file at a time, after the main suite.
 */
const hasPostgres = process.env.TEST_DATABASE_URL !== undefined && process.env.TEST_DATABASE_URL !== '';
if (!hasPostgres) console.log('Fault suite skipped: TEST_DATABASE_URL is not set.');

export default defineConfig({
  test: {
    include: hasPostgres ? ['test/faults/**/*.test.ts'] : [],
    passWithNoTests: true,
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
    fileParallelism: false,
    env: { TEST_BACKEND: 'postgres' },
  },
});
