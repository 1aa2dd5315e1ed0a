/**
 * The sObject registry and the migrated schema agree: the migrations are literal files that
 * never read the registry, so this is where a field added to one and not the other shows up.
 * Every message names the object, the field and what was expected against what was found.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { FieldKind } from '../src/records/fields.js';
import { allObjects, findObject } from '../src/records/registry.js';
import { openStore, type Store } from '../src/store/database.js';
import { migrateToLatest } from '../src/store/migrate.js';
import { referencesWithoutForeignKey } from '../src/store/migrations/0001-initial-schema.js';
import { createTestDatabase, testBackend, type TestDatabase } from './support/test-database.js';

interface Column {
  readonly type: string;
  readonly isNullable: boolean;
}

interface ForeignKey {
  readonly column: string;
  readonly references: string;
}

/** Column types each field kind may be stored in, as the catalogs spell them. */
const compatibleTypes: Record<FieldKind, readonly string[]> = {
  string: ['text'],
  textarea: ['text'],
  email: ['text'],
  picklist: ['text'],
  reference: ['text'],
  date: ['text'],
  datetime: ['text'],
  boolean: ['integer'],
  int: ['bigint', 'integer'],
  currency: ['bigint', 'integer', 'numeric'],
  double: ['double precision', 'numeric', 'bigint'],
  // Ten-thousandths of a unit (ADR 0013).
  quantity: ['bigint'],
};

async function columnsOf(store: Store, table: string): Promise<Map<string, Column> | null> {
  if (store.dialect === 'sqlite') {
    const { rows } = await sql<{ name: string; type: string; notnull: number; pk: number }>`
      select name, type, "notnull", pk from pragma_table_info(${table})`.execute(store.db);
    if (rows.length === 0) return null;
    return new Map(
      rows.map((row) => [row.name, { type: row.type.toLowerCase(), isNullable: row.notnull === 0 && row.pk === 0 }]),
    );
  }
  const { rows } = await sql<{ column_name: string; data_type: string; is_nullable: string }>`
    select column_name, data_type, is_nullable from information_schema.columns
    where table_schema = current_schema() and table_name = ${table}`.execute(store.db);
  if (rows.length === 0) return null;
  return new Map(
    rows.map((row) => [row.column_name, { type: row.data_type.toLowerCase(), isNullable: row.is_nullable === 'YES' }]),
  );
}

async function foreignKeysOf(store: Store, table: string): Promise<ForeignKey[]> {
  if (store.dialect === 'sqlite') {
    const { rows } = await sql<{ from: string; table: string; to: string }>`
      select "from", "table", "to" from pragma_foreign_key_list(${table})`.execute(store.db);
    return rows.map((row) => ({ column: row.from, references: `${row.table}.${row.to}` }));
  }
  const { rows } = await sql<{ column_name: string; parent_table: string; parent_column: string }>`
    select a.attname as column_name, parent.relname as parent_table, pa.attname as parent_column
    from pg_constraint c
    join pg_class child on child.oid = c.conrelid
    join pg_class parent on parent.oid = c.confrelid
    join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
    join pg_attribute pa on pa.attrelid = c.confrelid and pa.attnum = c.confkey[1]
    where c.contype = 'f' and child.relname = ${table}
      and child.relnamespace = (select oid from pg_namespace where nspname = current_schema())`.execute(store.db);
  return rows.map((row) => ({ column: row.column_name, references: `${row.parent_table}.${row.parent_column}` }));
}

/** Indexed columns that lead an index (an index usable to find the rows referencing a parent). */
async function leadingIndexColumnsOf(store: Store, table: string): Promise<Set<string>> {
  if (store.dialect === 'sqlite') {
    const { rows } = await sql<{ name: string }>`select name from pragma_index_list(${table})`.execute(store.db);
    const leading = new Set<string>();
    for (const index of rows) {
      const { rows: columns } = await sql<{ name: string | null; seqno: number }>`
        select name, seqno from pragma_index_info(${index.name})`.execute(store.db);
      const first = columns.find((column) => column.seqno === 0)?.name;
      if (first !== undefined && first !== null) leading.add(first);
    }
    return leading;
  }
  const { rows } = await sql<{ column_name: string }>`
    select a.attname as column_name
    from pg_index i
    join pg_class t on t.oid = i.indrelid
    join pg_attribute a on a.attrelid = t.oid and a.attnum = i.indkey[0]
    where t.relname = ${table}
      and t.relnamespace = (select oid from pg_namespace where nspname = current_schema())`.execute(store.db);
  return new Set(rows.map((row) => row.column_name));
}

const auditColumns = [
  'id',
  'created_date',
  'last_modified_date',
  'created_by_id',
  'last_modified_by_id',
  'system_modstamp',
] as const;

describe(`the registry and the migrated schema (${testBackend})`, () => {
  let database: TestDatabase;
  let store: Store;
  beforeAll(async () => {
    database = await createTestDatabase();
    store = openStore({ url: database.url, poolSize: 2 });
    await migrateToLatest(store);
  });
  afterAll(async () => {
    await store?.close();
    await database?.drop();
  });

  it('has a table for every object and a column of a compatible type and nullability for every field', async () => {
    const problems: string[] = [];
    for (const definition of allObjects) {
      const columns = await columnsOf(store, definition.table);
      if (columns === null) {
        problems.push(`${definition.name}: expected table ${definition.table}, found none`);
        continue;
      }
      for (const column of auditColumns) {
        const actual = columns.get(column);
        if (actual === undefined) problems.push(`${definition.name}: expected column ${column}, found none`);
        else if (actual.type !== 'text' || actual.isNullable) {
          problems.push(
            `${definition.name}.${column}: expected text not null, found ${actual.type}${actual.isNullable ? ' null' : ' not null'}`,
          );
        }
      }
      for (const [column, field] of Object.entries(definition.fields)) {
        const where = `${definition.name}.${field.apiName} (${definition.table}.${column})`;
        const actual = columns.get(column);
        if (actual === undefined) {
          problems.push(`${where}: expected a column for a ${field.kind} field, found none`);
          continue;
        }
        const allowed = compatibleTypes[field.kind];
        if (!allowed.includes(actual.type)) {
          problems.push(
            `${where}: expected type ${allowed.join(' or ')} for a ${field.kind} field, found ${actual.type}`,
          );
        }
        if (actual.isNullable !== field.nillable) {
          const expected = field.nillable ? 'nullable' : 'not null';
          problems.push(`${where}: expected ${expected}, found ${actual.isNullable ? 'nullable' : 'not null'}`);
        }
      }
      const declared = new Set<string>([...auditColumns, ...Object.keys(definition.fields)]);
      for (const column of columns.keys()) {
        if (!declared.has(column)) {
          problems.push(`${definition.name}: column ${definition.table}.${column} has no field in the registry`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('has a foreign key, with an index, on every reference field, or a documented exception', async () => {
    const problems: string[] = [];
    for (const definition of allObjects) {
      const keys = await foreignKeysOf(store, definition.table);
      const indexed = await leadingIndexColumnsOf(store, definition.table);
      for (const [column, field] of Object.entries(definition.fields)) {
        if (field.kind !== 'reference') continue;
        const where = `${definition.name}.${field.apiName} (${definition.table}.${column})`;
        const target = findObject(field.referenceTo ?? '');
        if (target === undefined) {
          problems.push(`${where}: references ${field.referenceTo}, which is not in the registry`);
          continue;
        }
        const isException = referencesWithoutForeignKey.includes(`${definition.table}.${column}`);
        const found = keys.filter((key) => key.column === column).map((key) => key.references);
        const expected = `${target.table}.id`;
        if (isException) {
          if (found.length > 0) problems.push(`${where}: documented as without foreign key, found ${found.join(', ')}`);
          continue;
        }
        if (!found.includes(expected)) {
          problems.push(`${where}: expected a foreign key to ${expected}, found ${found.join(', ') || 'none'}`);
        }
        if (!indexed.has(column)) problems.push(`${where}: expected an index leading with ${column}, found none`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('lists as exceptions only reference fields that exist', () => {
    const references = new Set(
      allObjects.flatMap((definition) =>
        Object.entries(definition.fields)
          .filter(([, field]) => field.kind === 'reference')
          .map(([column]) => `${definition.table}.${column}`),
      ),
    );
    expect(referencesWithoutForeignKey.filter((entry) => !references.has(entry))).toEqual([]);
  });

  it('keeps the engine tables that are not sObjects, with their foreign keys', async () => {
    expect(await foreignKeysOf(store, 'access_token')).toEqual([{ column: 'user_id', references: 'app_user.id' }]);
    expect(await foreignKeysOf(store, 'query_cursor')).toEqual([{ column: 'user_id', references: 'app_user.id' }]);
    const reservationKeys = (await foreignKeysOf(store, 'stock_reservation')).map((key) => key.references).sort();
    expect(reservationKeys).toEqual(['product.id', 'sales_order.id', 'web_cart.id']);
  });

  it('refuses a dangling reference at commit', async () => {
    const insertDangling = store.transaction(async (trx) => {
      const now = new Date().toISOString();
      await sql`insert into contact (id, created_date, last_modified_date, created_by_id, last_modified_by_id,
        system_modstamp, last_name, account_id)
        values ('003000000000009AAA', ${now}, ${now}, 'x', 'x', ${now}, 'Nobody', '001000000000009AAA')`.execute(trx);
    });
    await expect(insertDangling).rejects.toThrow(/foreign key/i);
  });
});
