/**
 * WAL checkpoints run on their own thread (src/store/sqlite/checkpoint-thread.ts, ADR 0028):
 * committed pages reach the database file without any commit of the writer checkpointing, the
 * whole state survives a reopen, and a closed store leaves no WAL behind. SQLite only.
 */
import { existsSync, statSync } from 'node:fs';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../src/store/database.js';
import { fallbackCheckpointPages } from '../src/store/sqlite/checkpoint-thread.js';
import { temporaryDatabaseFile, testBackend } from './support/test-database.js';

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.skipIf(testBackend !== 'sqlite')('SQLite checkpoints', () => {
  let store: Store | undefined;
  let remove: () => void = () => undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
    remove();
  });

  it('moves committed pages into the database file from its own thread, and leaves no WAL on close', async () => {
    const database = temporaryDatabaseFile();
    remove = database.remove;
    store = openStore({ url: database.file });
    const db = store.db;
    const { rows: setting } = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(db);
    expect(setting[0]!.wal_autocheckpoint).toBe(fallbackCheckpointPages);
    await sql`create table filler (id integer primary key, body text not null)`.execute(db);
    const sizeBefore = statSync(database.file).size;
    // About 8 MB in 200 commits: far below the writer's own checkpoint threshold.
    for (let batch = 0; batch < 200; batch += 1) {
      await store.transaction(async (trx) => {
        await sql`insert into filler (body) select ${'x'.repeat(4_000)} from (select 1 union all select 2 union all select 3 union all select 4 union all select 5 union all select 6 union all select 7 union all select 8 union all select 9 union all select 10)`.execute(
          trx,
        );
      });
    }
    await waitFor(() => statSync(database.file).size > sizeBefore + 6_000_000, 30_000);
    const walFile = `${database.file}-wal`;
    await store.close();
    store = undefined;
    expect(existsSync(walFile)).toBe(false);
    store = openStore({ url: database.file });
    const { rows } = await sql<{ count: number }>`select count(*) as count from filler`.execute(store.db);
    expect(Number(rows[0]!.count)).toBe(2_000);
  });
});
