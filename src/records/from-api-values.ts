/**
 * A record body as a Salesforce client sends it → column values, checked field by field
 * against the registry: field names (case-insensitive, like Salesforce), writability, JSON
 * types, lengths, restricted picklists, id formats. Money becomes minor units, quantities
 * ten-thousandths, booleans 1/0, date-times ISO `...Z`, 15-character ids 18. A number is a
 * JSON number or plain decimal text only ("0x10", "1e3", " 12", "Infinity" are refused), too
 * many decimals are refused rather than rounded, and a value outside its documented range is
 * NUMBER_OUTSIDE_VALID_RANGE (docs/decisions/0013-exact-quantities.md). Existence of referenced
 * records is the caller's check (it needs the database).
 */
import { isAmountInRange, moneyScale } from '../domain/money.js';
import { parseQuantity, quantityScale } from '../domain/quantity.js';
import { toScaledInteger } from '../domain/to-scaled-integer.js';
import type { FieldDef } from './fields.js';
import { normalizeId } from './ids.js';
import type { ObjectDef } from './object.js';
import { findObject } from './registry.js';
import { auditFields } from './to-api-record.js';

export type FieldErrorCode =
  | 'INVALID_FIELD'
  | 'INVALID_FIELD_FOR_INSERT_UPDATE'
  | 'INVALID_TYPE'
  | 'JSON_PARSER_ERROR'
  | 'STRING_TOO_LONG'
  | 'INVALID_EMAIL_ADDRESS'
  | 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST'
  | 'REQUIRED_FIELD_MISSING'
  | 'FIELD_INTEGRITY_EXCEPTION'
  | 'NUMBER_OUTSIDE_VALID_RANGE';

/** A value the API refuses; rendered as `[{message, errorCode, fields}]` with status 400. */
export class FieldValueError extends Error {
  readonly errorCode: FieldErrorCode;
  readonly fields: readonly string[];

  constructor(errorCode: FieldErrorCode, message: string, fields: readonly string[]) {
    super(message);
    this.name = 'FieldValueError';
    this.errorCode = errorCode;
    this.fields = fields;
  }
}

export type WriteMode = 'create' | 'update';

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;
// Salesforce accepts 2026-11-22T18:02:42.000+0000, ...Z, ...+00:00, with or without milliseconds.
const dateTimePattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})$/;

function typeError(field: FieldDef, value: unknown, expected: string): FieldValueError {
  if (typeof value === 'object' && value !== null) {
    return new FieldValueError(
      'JSON_PARSER_ERROR',
      `Cannot deserialize instance of ${expected} from ${Array.isArray(value) ? 'START_ARRAY' : 'START_OBJECT'} value for field ${field.apiName}`,
      [field.apiName],
    );
  }
  return new FieldValueError(
    'INVALID_TYPE',
    `${field.label}: value not of required type ${expected}: ${String(value)}`,
    [field.apiName],
  );
}

function toText(field: FieldDef, value: unknown): string {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') throw typeError(field, value, 'string');
  return value;
}

function outOfRange(field: FieldDef, value: unknown): FieldValueError {
  return new FieldValueError(
    'NUMBER_OUTSIDE_VALID_RANGE',
    `${field.label}: value outside of valid range on numeric field: ${String(value)}`,
    [field.apiName],
  );
}

/** A JSON number or plain decimal text (`-?digits[.digits]`) as a finite number. */
function toNumber(field: FieldDef, value: unknown, expected: string): number {
  const isDecimal =
    (typeof value === 'number' && Number.isFinite(value)) ||
    (typeof value === 'string' && /^-?\d+(?:\.\d+)?$/.test(value));
  if (!isDecimal) throw typeError(field, value, expected);
  const number = Number(value);
  if (!Number.isFinite(number)) throw outOfRange(field, value);
  return number;
}

function toReference(field: FieldDef, value: unknown): string {
  const text = toText(field, value);
  const id = normalizeId(text);
  const target = field.referenceTo === undefined ? undefined : findObject(field.referenceTo);
  if (id === null || (target !== undefined && !id.startsWith(target.keyPrefix))) {
    throw new FieldValueError('FIELD_INTEGRITY_EXCEPTION', `${field.label} ID: id value of incorrect type: ${text}`, [
      field.apiName,
    ]);
  }
  return id;
}

/** One non-null API value → its column value. */
export function fromApiValue(field: FieldDef, value: unknown): string | number {
  switch (field.kind) {
    case 'boolean':
      if (value === true || value === 'true') return 1;
      if (value === false || value === 'false') return 0;
      throw typeError(field, value, 'boolean');
    case 'int': {
      const integer = toScaledInteger(value, 0);
      if (integer === null) throw typeError(field, value, 'int');
      if (integer > BigInt(Number.MAX_SAFE_INTEGER) || integer < -BigInt(Number.MAX_SAFE_INTEGER)) {
        throw outOfRange(field, value);
      }
      return Number(integer);
    }
    case 'double':
      return toNumber(field, value, 'double');
    case 'currency': {
      const minor = toScaledInteger(value, moneyScale);
      if (minor === null) throw typeError(field, value, `currency with at most ${moneyScale} decimals`);
      if (!isAmountInRange(minor)) throw outOfRange(field, value);
      return Number(minor);
    }
    case 'quantity': {
      const tenThousandths = parseQuantity(value);
      if (tenThousandths === 'invalid') throw typeError(field, value, `double with at most ${quantityScale} decimals`);
      if (tenThousandths === 'outOfRange') throw outOfRange(field, value);
      return tenThousandths;
    }
    case 'date': {
      const text = toText(field, value);
      const match = datePattern.exec(text);
      if (match === null || new Date(`${text}T00:00:00Z`).toISOString().slice(0, 10) !== text) {
        throw typeError(field, value, 'date');
      }
      return text;
    }
    case 'datetime': {
      const text = toText(field, value);
      const time = dateTimePattern.test(text) ? Date.parse(text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')) : NaN;
      if (Number.isNaN(time)) throw typeError(field, value, 'datetime');
      return new Date(time).toISOString();
    }
    case 'reference':
      return toReference(field, value);
    default:
      return checkText(field, toText(field, value));
  }
}

function checkText(field: FieldDef, text: string): string {
  if (field.length !== undefined && text.length > field.length) {
    throw new FieldValueError(
      'STRING_TOO_LONG',
      `${field.label}: data value too large: ${text.slice(0, 40)}${text.length > 40 ? '...' : ''} (max length=${field.length})`,
      [field.apiName],
    );
  }
  if (field.kind === 'email' && text !== '' && !emailPattern.test(text)) {
    throw new FieldValueError('INVALID_EMAIL_ADDRESS', `${field.label}: invalid email address: ${text}`, [
      field.apiName,
    ]);
  }
  if (field.picklist !== undefined && !field.picklist.includes(text)) {
    throw new FieldValueError(
      'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
      `${field.label}: bad value for restricted picklist field: ${text}`,
      [field.apiName],
    );
  }
  return text;
}

function fieldByApiName(definition: ObjectDef, apiName: string): [string, FieldDef] | undefined {
  const wanted = apiName.toLowerCase();
  return Object.entries(definition.fields).find(
    ([, field]) => !field.internal && field.apiName.toLowerCase() === wanted,
  );
}

const systemFields = new Set(['id', ...auditFields.map((audit) => audit.apiName.toLowerCase())]);

/** The column values of a create or update body; throws FieldValueError on the first bad field. */
export function fromApiValues(
  definition: ObjectDef,
  body: Record<string, unknown>,
  mode: WriteMode,
): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [apiName, value] of Object.entries(body)) {
    if (apiName === 'attributes') continue;
    const entry = fieldByApiName(definition, apiName);
    if (entry === undefined) {
      if (systemFields.has(apiName.toLowerCase())) {
        throw new FieldValueError('INVALID_FIELD_FOR_INSERT_UPDATE', `Unable to ${mode} field: ${apiName}`, [apiName]);
      }
      throw new FieldValueError('INVALID_FIELD', `No such column '${apiName}' on sobject of type ${definition.name}`, [
        apiName,
      ]);
    }
    const [column, field] = entry;
    if (mode === 'create' ? !field.createable : !field.updateable) {
      throw new FieldValueError(
        'INVALID_FIELD_FOR_INSERT_UPDATE',
        `Unable to ${mode} field ${field.apiName}: it is not ${mode === 'create' ? 'createable' : 'updateable'}`,
        [field.apiName],
      );
    }
    if (value === null || value === '') {
      if (!field.nillable) {
        throw new FieldValueError('REQUIRED_FIELD_MISSING', `Required fields are missing: [${field.apiName}]`, [
          field.apiName,
        ]);
      }
      values[column] = null;
      continue;
    }
    values[column] = fromApiValue(field, value);
  }
  return values;
}

/** Throws REQUIRED_FIELD_MISSING naming every required field without a value or default. */
export function assertRequiredFields(definition: ObjectDef, values: Record<string, unknown>): void {
  const missing = Object.entries(definition.fields)
    .filter(([column, field]) => !field.nillable && !field.hasDefault && !field.internal && values[column] == null)
    .map(([, field]) => field.apiName);
  if (missing.length > 0) {
    throw new FieldValueError(
      'REQUIRED_FIELD_MISSING',
      `Required fields are missing: [${missing.join(', ')}]`,
      missing,
    );
  }
}
