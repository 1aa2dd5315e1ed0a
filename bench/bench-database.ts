/**
 * Databases for one benchmark: a SQLite file in a fresh temporary folder, or a new database on
 * the PostgreSQL server of BENCH_DATABASE_URL (else TEST_DATABASE_URL), dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface BenchDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

/** The PostgreSQL server to benchmark on, or null to skip the PostgreSQL figures. */
export function postgresServerUrl(): string | null {
  const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  return url === undefined || url.trim() === '' ? null : url;
}

export function createSqliteDatabase(): BenchDatabase {
  const folder = mkdtempSync(join(tmpdir(), 'b2b-checkout-bench-'));
  return {
    url: join(folder, 'bench.sqlite'),
    drop: () => Promise.resolve(rmSync(folder, { recursive: true, force: true })),
  };
}

async function asAdmin(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

export async function createPostgresDatabase(serverUrl: string): Promise<BenchDatabase> {
  const name = `b2b_bench_${randomBytes(6).toString('hex')}`;
  await asAdmin(serverUrl, `CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => asAdmin(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}
