/** An sObject definition: API name, key prefix, table, fields and database constraints. */
import type { FieldDef } from './fields.js';

export interface IndexDef {
  readonly columns: readonly string[];
  readonly unique?: boolean;
  /** A partial index predicate, in SQL valid on both SQLite and PostgreSQL. */
  readonly where?: string;
}

export interface ObjectDef<F extends Record<string, FieldDef> = Record<string, FieldDef>, T extends string = string> {
  readonly name: string;
  readonly label: string;
  readonly keyPrefix: string;
  readonly table: T;
  readonly fields: F;
  readonly indexes?: readonly IndexDef[];
  /** No create, update or delete through the API (the engine alone writes it). */
  readonly isReadOnly?: boolean;
}

export function defineObject<const F extends Record<string, FieldDef>, const T extends string>(
  definition: ObjectDef<F, T>,
): ObjectDef<F, T> {
  return definition;
}
