/**
 * A literal of a query → the value it is compared with, in the form the store keeps: booleans
 * as 1/0, money as integer minor units, quantities as integer ten-thousandths, date-times as ISO strings in UTC, ids in their
 * 18-character form. The result is always bound as a parameter, never spliced into SQL.
 *
 * Decision: as in SOQL, a literal must have the field's type (a string for text, picklist and
 * id fields, a number for numbers, `true`/`false` for booleans, a date or date-time literal
 * for dates); anything else is INVALID_FIELD at the literal's position. `null` fits any field.
 */
import { toMinorUnits } from '../domain/money.js';
import { parseQuantity, quantityScale } from '../domain/quantity.js';
import { normalizeId } from '../records/ids.js';
import type { FieldKind } from '../records/fields.js';
import type { SoqlLiteral } from './soql-ast.js';
import { queryError } from './query-error.js';
import type { QueryField } from './resolve-field-path.js';

export type StoredValue = string | number | null;

const textKinds = new Set<FieldKind>(['string', 'textarea', 'email', 'picklist']);

/** Text fields compare case-insensitively, as in SOQL. */
export function isTextField(field: QueryField): boolean {
  return textKinds.has(field.kind);
}

export function toStoredValue(field: QueryField, literal: SoqlLiteral): StoredValue {
  if (literal.kind === 'null') return null;
  const wrongType = (expected: string) =>
    queryError(
      'INVALID_FIELD',
      `value of filter criterion for field '${field.apiName}' must be of type ${expected}`,
      literal.at,
      [field.apiName],
    );
  switch (field.kind) {
    case 'string':
    case 'textarea':
    case 'email':
    case 'picklist':
      if (literal.kind !== 'string') throw wrongType('string and should be enclosed in quotes');
      return literal.value;
    case 'reference': {
      if (literal.kind !== 'string') throw wrongType('id and should be enclosed in quotes');
      const id = normalizeId(literal.value);
      if (id === null) {
        throw queryError('INVALID_FIELD', `invalid ID field: ${literal.value}`, literal.at, [field.apiName]);
      }
      return id;
    }
    case 'boolean':
      if (literal.kind !== 'boolean') throw wrongType('boolean and should not be enclosed in quotes');
      return literal.value ? 1 : 0;
    case 'int': {
      const value = literal.kind === 'number' ? Number(literal.text) : Number.NaN;
      if (!Number.isSafeInteger(value)) throw wrongType('integer and should not be enclosed in quotes');
      return value;
    }
    case 'double': {
      const value = literal.kind === 'number' ? Number(literal.text) : Number.NaN;
      if (!Number.isFinite(value)) throw wrongType('double and should not be enclosed in quotes');
      return value;
    }
    case 'currency': {
      // Exact: the decimal text goes to minor units without passing through a float.
      const minor = literal.kind === 'number' ? toMinorUnits(literal.text.replace(/^\+/, '')) : null;
      if (minor === null) throw wrongType('currency with at most 2 decimals and should not be enclosed in quotes');
      return minor;
    }
    case 'quantity': {
      // Exact as well: `Quantity = 2.5` compares with the stored 25000, never with a float.
      const tenThousandths = literal.kind === 'number' ? parseQuantity(literal.text.replace(/^\+/, '')) : 'invalid';
      if (typeof tenThousandths !== 'number') {
        throw wrongType(`double with at most ${quantityScale} decimals and should not be enclosed in quotes`);
      }
      return tenThousandths;
    }
    case 'date':
      if (literal.kind !== 'date') throw wrongType('date (YYYY-MM-DD) and should not be enclosed in quotes');
      return literal.text;
    case 'datetime':
      if (literal.kind !== 'datetime') throw wrongType('dateTime and should not be enclosed in quotes');
      return literal.iso;
  }
}
