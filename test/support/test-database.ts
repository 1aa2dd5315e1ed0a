/**
 * A fresh, empty database for one test: a SQLite file in a temporary folder, or — when the
 * suite runs on PostgreSQL (TEST_BACKEND=postgres, TEST_DATABASE_URL set) — a new database on
 * that server, dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export type TestBackend = 'sqlite' | 'postgres';

export const testBackend: TestBackend = process.env.TEST_BACKEND === 'postgres' ? 'postgres' : 'sqlite';

export interface TestDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

export function temporaryDatabaseFile(): { file: string; remove: () => void } {
  const folder = mkdtempSync(join(tmpdir(), 'b2b-checkout-test-'));
  return { file: join(folder, 'checkout.sqlite'), remove: () => rmSync(folder, { recursive: true, force: true }) };
}

async function withAdmin<T>(serverUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function createTestDatabase(backend: TestBackend = testBackend): Promise<TestDatabase> {
  if (backend === 'sqlite') {
    const { file, remove } = temporaryDatabaseFile();
    return { url: file, drop: () => Promise.resolve(remove()) };
  }
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl === undefined) throw new Error('TEST_DATABASE_URL is not set');
  const name = `b2b_test_${randomBytes(6).toString('hex')}`;
  await withAdmin(serverUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () =>
      withAdmin(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(
        () => undefined,
      ),
  };
}
