/**
 * The first schema: one table per sObject of the registry as it stood at version 0.1, with
 * the uniqueness constraints the concurrency rules rely on. Later changes are new migrations;
 * this one is frozen once released.
 */
import { sql, type Kysely, type Migration, type SqlBool } from 'kysely';
import type { FieldDef, FieldKind } from '../../records/fields.js';
import { allObjects } from '../../records/registry.js';

type ColumnType = 'text' | 'integer' | 'bigint' | 'double precision';

const columnTypes: Record<FieldKind, ColumnType> = {
  string: 'text',
  textarea: 'text',
  email: 'text',
  picklist: 'text',
  reference: 'text',
  date: 'text',
  datetime: 'text',
  boolean: 'integer',
  int: 'bigint',
  currency: 'bigint',
  // Ten-thousandths of a unit (docs/decisions/0013-exact-quantities.md): stock stays integer SQL.
  quantity: 'bigint',
  double: 'double precision',
};

function defaultOf(field: FieldDef): string | number | undefined {
  if (field.defaultValue === undefined) return undefined;
  if (typeof field.defaultValue === 'boolean') return field.defaultValue ? 1 : 0;
  // A quantity's default is given in units (describe shows it so); the column counts 1/10,000.
  if (field.kind === 'quantity') return Number(field.defaultValue) * 10_000;
  return field.defaultValue;
}

async function up(db: Kysely<unknown>): Promise<void> {
  for (const definition of allObjects) {
    let table = db.schema
      .createTable(definition.table)
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('created_date', 'text', (column) => column.notNull())
      .addColumn('last_modified_date', 'text', (column) => column.notNull())
      .addColumn('created_by_id', 'text', (column) => column.notNull())
      .addColumn('last_modified_by_id', 'text', (column) => column.notNull())
      .addColumn('system_modstamp', 'text', (column) => column.notNull());
    for (const [column, field] of Object.entries(definition.fields)) {
      const fallback = defaultOf(field);
      table = table.addColumn(column, columnTypes[field.kind], (builder) => {
        let result = field.nillable ? builder : builder.notNull();
        if (fallback !== undefined) result = result.defaultTo(fallback);
        return result;
      });
    }
    await table.execute();
    for (const [position, index] of (definition.indexes ?? []).entries()) {
      let statement = db.schema
        .createIndex(`${definition.table}_${position}_${index.unique === true ? 'key' : 'idx'}`)
        .on(definition.table)
        .columns([...index.columns]);
      if (index.unique === true) statement = statement.unique();
      if (index.where !== undefined) statement = statement.where(sql<SqlBool>`${sql.raw(index.where)}`);
      await statement.execute();
    }
  }
  await db.schema
    .createTable('access_token')
    .addColumn('token_hash', 'text', (column) => column.primaryKey())
    .addColumn('user_id', 'text', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('expires_at', 'text')
    .execute();
  await db.schema
    .createTable('order_number_sequence')
    .addColumn('id', 'integer', (column) => column.primaryKey())
    .addColumn('next_value', 'bigint', (column) => column.notNull())
    .execute();
  await db.schema
    .createTable('stock_reservation')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('cart_id', 'text', (column) => column.notNull())
    .addColumn('order_id', 'text', (column) => column.notNull())
    .addColumn('product2_id', 'text', (column) => column.notNull())
    .addColumn('quantity', 'bigint', (column) => column.notNull()) // ten-thousandths, like ProductInventory
    .addColumn('status', 'text', (column) => column.notNull())
    .execute();
  await db.schema.createIndex('stock_reservation_cart_idx').on('stock_reservation').column('cart_id').execute();
  await db.schema.createIndex('stock_reservation_order_idx').on('stock_reservation').column('order_id').execute();
  await sql`insert into order_number_sequence (id, next_value) values (1, 100)`.execute(db);
}

async function down(db: Kysely<unknown>): Promise<void> {
  for (const definition of [...allObjects].reverse()) await db.schema.dropTable(definition.table).execute();
  await db.schema.dropTable('access_token').execute();
  await db.schema.dropTable('order_number_sequence').execute();
  await db.schema.dropTable('stock_reservation').execute();
}

export const initialSchema: Migration = { up, down };
