/**
 * A table's rows under one parent as a JSON array column of the parent's row, ordered by id:
 * one statement reads a parent with its children (both dialects; PostgreSQL's json_agg takes
 * the whole row, SQLite's json_object needs the column names). Every column this schema
 * stores is text, integer, bigint (read as a number on both) or double precision, so a row
 * read back from JSON equals the row a plain select returns.
 */
import { sql, type RawBuilder } from 'kysely';
import type { ObjectDef } from '../records/object.js';
import type { Dialect } from './database.js';

const standardColumns = [
  'id',
  'created_date',
  'last_modified_date',
  'created_by_id',
  'last_modified_by_id',
  'system_modstamp',
] as const;

export function columnsOf(definition: ObjectDef): string[] {
  return [...standardColumns, ...Object.keys(definition.fields)];
}

/** `(select … from child where child.<foreignKey> = <parentTable>.id)` as a JSON array. */
export function childRowsAsJson(
  dialect: Dialect,
  child: ObjectDef,
  foreignKey: string,
  parentTable: string,
): RawBuilder<unknown> {
  const table = sql.table(child.table);
  const key = sql.ref(`c.${foreignKey}`);
  const parentId = sql.ref(`${parentTable}.id`);
  if (dialect === 'postgres') {
    return sql`coalesce((select json_agg(c order by c.id) from ${table} as c where ${key} = ${parentId}), '[]'::json)`;
  }
  const pairs = sql.join(columnsOf(child).map((column) => sql`${sql.lit(column)}, o.${sql.ref(column)}`));
  return sql`(select coalesce(json_group_array(json_object(${pairs})), '[]') from (select * from ${table} as c where ${key} = ${parentId} order by c.id) as o)`;
}

/** The rows of a `childRowsAsJson` column (PostgreSQL's driver parses json; SQLite returns text). */
export function parseChildRows<Row>(value: unknown): Row[] {
  return (typeof value === 'string' ? JSON.parse(value) : value) as Row[];
}
