/** The names of the database's tables (its current schema on PostgreSQL), sorted. */
import { sql } from 'kysely';
import type { Store } from './database.js';

export async function listTables(store: Pick<Store, 'db' | 'dialect'>): Promise<string[]> {
  const query =
    store.dialect === 'postgres'
      ? sql<{ name: string }>`select table_name as name from information_schema.tables
          where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`
      : sql<{ name: string }>`select name from sqlite_master
          where type = 'table' and name not like 'sqlite_%' order by name`;
  return (await query.execute(store.db)).rows.map((row) => row.name);
}
