/**
 * Prepared statements on the store's own SQLite connection run on it directly while it is idle
 * (src/store/direct-statements.ts). The connection is shared: while a transaction is open on
 * it, a statement from outside that transaction must not run inside it. It waits for the
 * transaction to end and then sees only what was committed: here, a rolled-back row is never
 * seen, and a committed one is seen once the commit is done. SQLite only.
 */
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../src/store/database.js';
import { prepareQuery } from '../src/store/prepared-query.js';
import { temporaryDatabaseFile, testBackend } from './support/test-database.js';

const countProbes = prepareQuery<{ body: string }, { n: number }>(
  (_db, value) => sql<{ n: number }>`select count(*) as n from probe where body = ${value('body')}`,
);

/** Lets every callback already due run (no clock involved). */
const settleTurns = async () => {
  for (let turn = 0; turn < 20; turn += 1) await new Promise((resolve) => setImmediate(resolve));
};

describe.skipIf(testBackend !== 'sqlite')('statements outside a transaction on the shared SQLite connection', () => {
  let store: Store | undefined;
  let remove: () => void = () => undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
    remove();
  });

  it('never read a row of a transaction still open, whether it then rolls back or commits', async () => {
    const database = temporaryDatabaseFile();
    remove = database.remove;
    store = openStore({ url: database.file });
    const open = store;
    await sql`create table probe (id integer primary key, body text not null)`.execute(open.db);
    // Idle: runs at once.
    expect((await countProbes.execute(open.db, { body: 'a' })).rows[0]!.n).toBe(0);

    for (const ending of ['rollback', 'commit'] as const) {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let inserted!: () => void;
      const didInsert = new Promise<void>((resolve) => (inserted = resolve));
      const transaction = open
        .transaction(async (trx) => {
          await sql`insert into probe (body) values (${ending})`.execute(trx);
          inserted();
          await held;
          if (ending === 'rollback') throw new Error('rolled back');
        })
        .catch((error: unknown) => {
          if (!(error instanceof Error) || error.message !== 'rolled back') throw error;
        });
      await didInsert;
      let answer: number | undefined;
      const read = countProbes.execute(open.db, { body: ending }).then(({ rows }) => (answer = rows[0]!.n));
      await settleTurns();
      // Still inside the open transaction's lifetime: the read has waited, not answered.
      expect(answer).toBeUndefined();
      release();
      await transaction;
      await read;
      expect(answer).toBe(ending === 'commit' ? 1 : 0);
    }
  });
});
