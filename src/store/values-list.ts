/**
 * Set-based statements over many rows: a `WITH v(col, …) AS (VALUES (…), (…))` list that an
 * UPDATE joins (`… FROM v WHERE t.key = v.key`), the same SQL on SQLite (3.33+) and
 * PostgreSQL. Every value is cast to its column's type, so PostgreSQL never guesses `text` for
 * a number. Lists are cut to stay below both databases' limit of bound parameters, so a cart of
 * any size costs the same statement count up to thousands of lines.
 */
import { sql, type RawBuilder } from 'kysely';

export type ValueType = 'text' | 'bigint';

export type ValueColumns = Readonly<Record<string, ValueType>>;

type RowOf<C extends ValueColumns> = { readonly [K in keyof C]: C[K] extends 'bigint' ? number : string };

/** SQLite allows 32,766 bound parameters, PostgreSQL 65,535: stay under the smaller. */
const maxParameters = 30_000;

/** Rows per list for these columns. */
export function rowsPerList(columns: ValueColumns): number {
  return Math.max(1, Math.floor(maxParameters / Object.keys(columns).length));
}

/** `rows` cut into lists that each fit one statement. */
export function chunkRows<T>(rows: readonly T[], perList: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < rows.length; start += perList) chunks.push(rows.slice(start, start + perList));
  return chunks;
}

/** `v(a, b) as (values (cast(? as text), cast(? as bigint)), …)`, for a WITH clause. */
export function valuesList<C extends ValueColumns>(
  name: string,
  columns: C,
  rows: readonly RowOf<C>[],
): RawBuilder<unknown> {
  const names = Object.keys(columns);
  const tuples = rows.map(
    (row) =>
      sql`(${sql.join(
        names.map((column) => sql`cast(${row[column]} as ${sql.raw(columns[column]!)})`),
        sql`, `,
      )})`,
  );
  return sql`${sql.ref(name)}(${sql.join(names.map((column) => sql.ref(column)))}) as (values ${sql.join(tuples, sql`, `)})`;
}
