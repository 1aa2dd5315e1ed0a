/**
 * Stored row → the record a Salesforce client sees: API field names, `attributes`, booleans as
 * booleans, money in major units, quantities in units (from ten-thousandths), date-times in
 * Salesforce's format. Internal fields are never
 * exposed.
 */
import { fromMinorUnits } from '../domain/money.js';
import { fromQuantityTenThousandths } from '../domain/quantity.js';
import type { FieldDef } from './fields.js';
import type { ObjectDef } from './object.js';

export const defaultApiVersion = '60.0';

export const auditFields: readonly { column: string; apiName: string; kind: 'datetime' | 'reference' }[] = [
  { column: 'created_date', apiName: 'CreatedDate', kind: 'datetime' },
  { column: 'created_by_id', apiName: 'CreatedById', kind: 'reference' },
  { column: 'last_modified_date', apiName: 'LastModifiedDate', kind: 'datetime' },
  { column: 'last_modified_by_id', apiName: 'LastModifiedById', kind: 'reference' },
  { column: 'system_modstamp', apiName: 'SystemModstamp', kind: 'datetime' },
];

/** Salesforce's date-time wire form: `2026-11-22T18:02:42.000+0000`. */
export function toSalesforceDateTime(iso: string): string {
  return iso.replace(/Z$/, '+0000');
}

/** One stored value in its API form. */
export function toApiValue(field: Pick<FieldDef, 'kind'>, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (field.kind) {
    case 'boolean':
      return value === 1 || value === true;
    case 'currency':
      return fromMinorUnits(Number(value));
    case 'quantity':
      return fromQuantityTenThousandths(Number(value));
    case 'datetime':
      return typeof value === 'string' ? toSalesforceDateTime(value) : value;
    case 'int':
    case 'double':
      return Number(value);
    default:
      return value;
  }
}

export function recordUrl(definition: ObjectDef, id: string, apiVersion = defaultApiVersion): string {
  return `/services/data/v${apiVersion}/sobjects/${definition.name}/${id}`;
}

/**
 * The API record of a row. `columns` limits the fields (by column name, in that order);
 * without it every API-visible field is included. `isReadable` leaves out the fields the
 * caller may not read (field-level visibility is decided in access/record-visibility.ts).
 */
export function toApiRecord(
  definition: ObjectDef,
  row: Record<string, unknown>,
  options: { apiVersion?: string; columns?: readonly string[]; isReadable?: (column: string) => boolean } = {},
): Record<string, unknown> {
  const id = String(row.id);
  const record: Record<string, unknown> = {
    attributes: { type: definition.name, url: recordUrl(definition, id, options.apiVersion) },
  };
  const wanted = options.columns === undefined ? null : new Set(options.columns);
  if (wanted === null || wanted.has('id')) record.Id = id;
  for (const [column, field] of Object.entries(definition.fields)) {
    if (!field.readable || (wanted !== null && !wanted.has(column))) continue;
    if (options.isReadable?.(column) === false) continue;
    record[field.apiName] = toApiValue(field, row[column]);
  }
  for (const audit of auditFields) {
    if (wanted !== null && !wanted.has(audit.column)) continue;
    record[audit.apiName] = toApiValue(audit, row[audit.column]);
  }
  return record;
}
