/**
 * Record elements reach the store exactly as the sObject API does, as the interview's user:
 * reads through the SOQL engine with the caller's row and field visibility, writes through the
 * sObject API's create/update/delete (access rules, field rules, cart rules, and the session
 * state machine for CartCheckoutSession). A refusal becomes a FlowFault with its message.
 */
import type { Caller } from '../access/caller.js';
import { mayReadField, visibilityOf } from '../access/record-visibility.js';
import { CheckoutError } from '../domain/errors.js';
import { ApiError } from '../http/api-error.js';
import { createRecord, deleteRecord, updateRecord } from '../http/write-record.js';
import { quoteSoqlString } from '../query/quote-soql-string.js';
import { runQuery } from '../query/run-query.js';
import { FieldValueError } from '../records/from-api-values.js';
import type { ObjectDef } from '../records/object.js';
import { apiFields, findObject } from '../records/registry.js';
import { FlowFault, type FlowRuntime } from './flow-runtime.js';
import type { ComparisonOperator } from './flow-model.js';
import { textOf, type FlowRecord } from './flow-values.js';

export interface EvaluatedFilter {
  readonly field: string;
  readonly operator: ComparisonOperator;
  readonly value: unknown;
}

export interface RecordRead {
  readonly object: string;
  readonly fields: readonly string[] | null;
  readonly filters: readonly EvaluatedFilter[];
  readonly logic: string;
  readonly sortField: string | null;
  readonly sortOrder: 'Asc' | 'Desc' | null;
  readonly limit: number | null;
}

/** Errors the sObject API answers with are faults of the element; anything else is a defect. */
async function asFault<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ApiError || error instanceof CheckoutError || error instanceof FieldValueError) {
      throw new FlowFault(error.message);
    }
    throw error;
  }
}

export function objectOf(name: string): ObjectDef {
  const definition = findObject(name);
  if (definition === undefined) throw new FlowFault(`sObject type ${name} is not supported`);
  return definition;
}

function literalOf(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number') return String(value);
  return quoteSoqlString(textOf(value));
}

function conditionOf(filter: EvaluatedFilter): string {
  const field = filter.field;
  switch (filter.operator) {
    case 'IsNull':
      return filter.value === true || filter.value === 'true' ? `${field} = null` : `${field} != null`;
    case 'EqualTo':
      return `${field} = ${literalOf(filter.value)}`;
    case 'NotEqualTo':
      return `${field} != ${literalOf(filter.value)}`;
    case 'GreaterThan':
      return `${field} > ${literalOf(filter.value)}`;
    case 'GreaterThanOrEqualTo':
      return `${field} >= ${literalOf(filter.value)}`;
    case 'LessThan':
      return `${field} < ${literalOf(filter.value)}`;
    case 'LessThanOrEqualTo':
      return `${field} <= ${literalOf(filter.value)}`;
    case 'Contains':
      return `${field} LIKE ${quoteSoqlString(`%${textOf(filter.value)}%`)}`;
    case 'StartsWith':
      return `${field} LIKE ${quoteSoqlString(`${textOf(filter.value)}%`)}`;
    case 'EndsWith':
      return `${field} LIKE ${quoteSoqlString(`%${textOf(filter.value)}`)}`;
  }
}

function whereOf(filters: readonly EvaluatedFilter[], logic: string): string {
  if (filters.length === 0) return '';
  const conditions = filters.map(conditionOf);
  const lower = logic.trim().toLowerCase();
  if (lower === 'and' || lower === 'or') return ` WHERE ${conditions.join(` ${lower.toUpperCase()} `)}`;
  const custom = logic.replace(/\d+/g, (index) => `(${conditions[Number(index) - 1] ?? 'Id = null'})`);
  return ` WHERE ${custom.replace(/\b(and|or|not)\b/gi, (word) => word.toUpperCase())}`;
}

function readableFields(caller: Caller, definition: ObjectDef): string[] {
  return apiFields(definition)
    .filter(([column, field]) => field.readable && mayReadField(caller, definition, column))
    .map(([, field]) => field.apiName);
}

export async function readRecords(runtime: FlowRuntime, caller: Caller, read: RecordRead): Promise<FlowRecord[]> {
  const definition = objectOf(read.object);
  const fields = new Set(['Id', ...(read.fields ?? readableFields(caller, definition))]);
  const order =
    read.sortField === null ? '' : ` ORDER BY ${read.sortField} ${read.sortOrder === 'Desc' ? 'DESC' : 'ASC'}`;
  const limit = read.limit === null ? '' : ` LIMIT ${read.limit}`;
  const soql = `SELECT ${[...fields].join(', ')} FROM ${definition.name}${whereOf(read.filters, read.logic)}${order}${limit}`;
  const result = await asFault(() =>
    runQuery(runtime.store, soql, {
      userId: caller.userId,
      restrict: (object, alias) => visibilityOf(caller, object, alias),
      isFieldReadable: (object, column) => mayReadField(caller, object, column),
    }),
  );
  return result.records;
}

export function createFlowRecord(
  runtime: FlowRuntime,
  caller: Caller,
  object: string,
  fields: Record<string, unknown>,
) {
  return asFault(() => createRecord(runtime.store, caller, objectOf(object), fields, runtime.providerSettings));
}

export function updateFlowRecord(
  runtime: FlowRuntime,
  caller: Caller,
  object: string,
  id: string,
  fields: Record<string, unknown>,
) {
  return asFault(() => updateRecord(runtime.store, caller, objectOf(object), id, fields, runtime.providerSettings));
}

export function deleteFlowRecord(runtime: FlowRuntime, caller: Caller, object: string, id: string) {
  return asFault(() => deleteRecord(runtime.store, caller, objectOf(object), id));
}
