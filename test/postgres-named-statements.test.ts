/**
 * On PostgreSQL the prepared-query shapes run as named prepared statements
 * (src/store/postgres/named-statements.ts, ADR 0029): the connection prepares each once. When
 * another connection changes the columns a `select *` shape returns, that statement's next run
 * fails once and the one after prepares it afresh and sees the new column. PostgreSQL only.
 */
import { sql } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../src/store/database.js';
import { prepareQuery } from '../src/store/prepared-query.js';
import { createTestDatabase, testBackend, type TestDatabase } from './support/test-database.js';

const readProbe = prepareQuery<{ id: number }, Record<string, unknown>>(
  (_db, value) => sql<Record<string, unknown>>`select * from probe where id = ${value('id')}`,
);

describe.skipIf(testBackend !== 'postgres')('named prepared statements on PostgreSQL', () => {
  let store: Store | undefined;
  let database: TestDatabase | undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
    await database?.drop();
    database = undefined;
  });

  it('prepares a shape once per connection, and prepares it again after its columns change', async () => {
    database = await createTestDatabase('postgres');
    // One connection, so every run below is on the connection that prepared the statement.
    store = openStore({ url: database.url, poolSize: 1 });
    const { db } = store;
    await sql`create table probe (id integer primary key, body text not null)`.execute(db);
    await sql`insert into probe (id, body) values (1, 'first')`.execute(db);

    for (let run = 0; run < 3; run += 1) {
      expect((await readProbe.execute(db, { id: 1 })).rows).toEqual([{ id: 1, body: 'first' }]);
    }
    const prepared = await sql<{
      name: string;
      calls: number;
    }>`select name, generic_plans + custom_plans as calls from pg_prepared_statements`.execute(db);
    expect(prepared.rows).toHaveLength(1);
    expect(prepared.rows[0]!.name).toMatch(/^b2b_/);
    expect(Number(prepared.rows[0]!.calls)).toBe(3);

    // Another connection changes the table under the prepared statement.
    const other = new pg.Client({ connectionString: database.url });
    await other.connect();
    try {
      await other.query(`alter table probe add column note text not null default 'added'`);
    } finally {
      await other.end();
    }
    await expect(readProbe.execute(db, { id: 1 })).rejects.toThrow(/cached plan/);
    expect((await readProbe.execute(db, { id: 1 })).rows).toEqual([{ id: 1, body: 'first', note: 'added' }]);
  });
});
