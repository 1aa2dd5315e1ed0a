import type { ColumnType } from 'kysely';

/**
 * Field definitions of the sObject registry. A field is keyed by its database column in the
 * object definition; the builder records its API name, type, length and API flags. The column
 * types of the store are derived from these definitions (see `Row` below), so a field is
 * declared once.
 */

export type FieldKind =
  | 'string'
  | 'textarea'
  | 'email'
  | 'picklist'
  | 'reference'
  | 'boolean'
  | 'int'
  | 'double'
  | 'currency'
  | 'quantity'
  | 'date'
  | 'datetime';

export interface FieldOptions {
  /** Not nullable: required on create (unless it has a default or is computed). */
  readonly required?: boolean;
  /** Set by the engine only: never createable nor updateable through the API. */
  readonly readOnly?: boolean;
  /** Createable but not updateable. */
  readonly createOnly?: boolean;
  /** Not exposed through the API at all (leases, hashes, uniqueness keys). */
  readonly internal?: boolean;
  /** Written through the API but never read back (secrets). */
  readonly writeOnly?: boolean;
  readonly defaultValue?: string | number | boolean;
}

export interface FieldDef<K extends FieldKind = FieldKind, N extends boolean = boolean, D extends boolean = boolean> {
  readonly kind: K;
  /** The column has a database default, so inserts may omit it. */
  readonly hasDefault: D;
  readonly apiName: string;
  readonly label: string;
  readonly nillable: N;
  readonly length?: number;
  readonly referenceTo?: string;
  readonly picklist?: readonly string[];
  readonly createable: boolean;
  readonly updateable: boolean;
  readonly internal: boolean;
  /** Returned in records and selectable in queries (false for internal and write-only fields). */
  readonly readable: boolean;
  readonly defaultValue?: string | number | boolean;
}

type Nillable<O extends FieldOptions> = O extends { required: true } ? false : true;
type Defaulted<O extends FieldOptions> = O extends { defaultValue: string | number | boolean } ? true : false;

function labelOf(apiName: string): string {
  return apiName
    .replace(/Id$/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .trim();
}

function build<K extends FieldKind, const O extends FieldOptions>(
  kind: K,
  apiName: string,
  options: O,
  extra: { length?: number; referenceTo?: string; picklist?: readonly string[] } = {},
): FieldDef<K, Nillable<O>, Defaulted<O>> {
  const readOnly = options.readOnly === true || options.internal === true;
  return {
    kind,
    apiName,
    label: labelOf(apiName),
    nillable: (options.required !== true) as Nillable<O>,
    hasDefault: (options.defaultValue !== undefined) as Defaulted<O>,
    ...extra,
    createable: !readOnly,
    updateable: !readOnly && options.createOnly !== true,
    internal: options.internal === true,
    readable: options.internal !== true && options.writeOnly !== true,
    ...(options.defaultValue === undefined ? {} : { defaultValue: options.defaultValue }),
  };
}

export const text = <const O extends FieldOptions = object>(apiName: string, length: number, options?: O) =>
  build('string', apiName, options ?? ({} as O), { length });
export const textArea = <const O extends FieldOptions = object>(apiName: string, length: number, options?: O) =>
  build('textarea', apiName, options ?? ({} as O), { length });
export const email = <const O extends FieldOptions = object>(apiName: string, options?: O) =>
  build('email', apiName, options ?? ({} as O), { length: 80 });
export const picklist = <const O extends FieldOptions = object>(
  apiName: string,
  values: readonly string[],
  options?: O,
) => build('picklist', apiName, options ?? ({} as O), { length: 255, picklist: values });
export const reference = <const O extends FieldOptions = object>(apiName: string, referenceTo: string, options?: O) =>
  build('reference', apiName, options ?? ({} as O), { length: 18, referenceTo });
export const flag = <const O extends FieldOptions = object>(apiName: string, options?: O) =>
  build('boolean', apiName, { required: true, defaultValue: false, ...(options ?? {}) } as O & {
    required: true;
    defaultValue: boolean;
  });
export const integer = <const O extends FieldOptions = object>(apiName: string, options?: O) =>
  build('int', apiName, options ?? ({} as O));
export const decimal = <const O extends FieldOptions = object>(apiName: string, options?: O) =>
  build('double', apiName, options ?? ({} as O));
/** Money: stored as an integer count of the currency's minor unit (see docs/decisions). */
export const currency = <const O extends FieldOptions = object>(apiName: string, options?: O) =>
  build('currency', apiName, options ?? ({} as O));
/**
 * A quantity (items, stock): a decimal with at most 4 places, stored as an integer count of
 * ten-thousandths so stock arithmetic is exact (docs/decisions/0013-exact-quantities.md).
 */
export const quantity = <const O extends FieldOptions = object>(apiName: string, options?: O) =>
  build('quantity', apiName, options ?? ({} as O));
export const date = <const O extends FieldOptions = object>(apiName: string, options?: O) =>
  build('date', apiName, options ?? ({} as O));
export const dateTime = <const O extends FieldOptions = object>(apiName: string, options?: O) =>
  build('datetime', apiName, options ?? ({} as O));

/** The TypeScript type of a column holding a field of kind K. */
export type ColumnValue<K extends FieldKind> = K extends 'boolean'
  ? number
  : K extends 'int' | 'double' | 'currency' | 'quantity'
    ? number
    : string;

/** The row type of a table whose fields are F (nullable fields become optional on insert). */
export type Row<F extends Record<string, FieldDef>> = {
  id: string;
  created_date: string;
  last_modified_date: string;
  created_by_id: string;
  last_modified_by_id: string;
  system_modstamp: string;
} & {
  -readonly [C in keyof F]: F[C] extends FieldDef<infer K, infer N, infer D>
    ? N extends true
      ? ColumnValue<K> | null
      : D extends true
        ? ColumnType<ColumnValue<K>, ColumnValue<K> | undefined, ColumnValue<K>>
        : ColumnValue<K>
    : never;
};
