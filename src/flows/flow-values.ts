/**
 * Values at run time and the operators of decisions and filters. A value is JSON: string,
 * number, boolean, an sObject record (API field names, `attributes.type`), an array for a
 * collection, or null. Null is not the empty string: `IsNull` is true for null only, and
 * `EqualTo ''` is false for null. Ids compare in their 15- and 18-character forms; record
 * field names resolve case-insensitively.
 */
import { normalizeId } from '../records/ids.js';
import type { ComparisonOperator, FlowDataType } from './flow-model.js';

export type FlowRecord = Record<string, unknown> & { attributes?: { type: string } };

/** A value as text: null as empty, records and lists as JSON. */
export function textOf(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
}

export function isRecord(value: unknown): value is FlowRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The key of `field` in `record` whatever its case, or `field` itself when absent. */
export function fieldKeyOf(record: FlowRecord, field: string): string {
  const lower = field.toLowerCase();
  return Object.keys(record).find((key) => key.toLowerCase() === lower) ?? field;
}

export function readField(record: FlowRecord, field: string): unknown {
  const value = record[fieldKeyOf(record, field)];
  return value === undefined ? null : value;
}

/** Text of a literal or a stored value typed for a variable or parameter of `dataType`. */
export function typeValue(dataType: FlowDataType | null, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (dataType) {
    case 'String':
      return typeof value === 'string' ? value : isRecord(value) || Array.isArray(value) ? value : textOf(value);
    case 'Number':
    case 'Currency': {
      if (typeof value === 'number') return value;
      if (typeof value === 'string') {
        if (value.trim() === '') return null;
        const number = Number(value);
        return Number.isFinite(number) ? number : value;
      }
      return value;
    }
    case 'Boolean':
      if (typeof value === 'string') return value.toLowerCase() === 'true';
      return value;
    default:
      return value;
  }
}

function asId(value: unknown): string | null {
  return typeof value === 'string' && (value.length === 15 || value.length === 18) ? normalizeId(value) : null;
}

function looseEquals(left: unknown, right: unknown): boolean {
  if (left === null || right === null) return left === right;
  if (typeof left === 'number' || typeof right === 'number') return Number(left) === Number(right);
  if (typeof left === 'boolean' || typeof right === 'boolean') {
    return textOf(left).toLowerCase() === textOf(right).toLowerCase();
  }
  if (typeof left === 'string' && typeof right === 'string') {
    if (left === right) return true;
    const leftId = asId(left);
    return leftId !== null && leftId === asId(right);
  }
  return JSON.stringify(left) === JSON.stringify(right);
}

function order(left: unknown, right: unknown): number | null {
  if (left === null || right === null) return null;
  if (typeof left === 'number' || typeof right === 'number') {
    const a = Number(left);
    const b = Number(right);
    return Number.isNaN(a) || Number.isNaN(b) ? null : a - b;
  }
  const a = textOf(left);
  const b = textOf(right);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** One condition: `left operator right`. */
export function compareValues(left: unknown, operator: ComparisonOperator, right: unknown): boolean {
  switch (operator) {
    case 'IsNull': {
      const isNull = left === null || left === undefined;
      return right === true || right === 'true' ? isNull : !isNull;
    }
    case 'EqualTo':
      return looseEquals(left, right);
    case 'NotEqualTo':
      return !looseEquals(left, right);
    case 'Contains':
      if (Array.isArray(left)) return left.some((item) => looseEquals(item, right));
      return typeof left === 'string' && right !== null && left.includes(textOf(right));
    case 'StartsWith':
      return typeof left === 'string' && right !== null && left.startsWith(textOf(right));
    case 'EndsWith':
      return typeof left === 'string' && right !== null && left.endsWith(textOf(right));
    default: {
      const difference = order(left, right);
      if (difference === null) return false;
      if (operator === 'GreaterThan') return difference > 0;
      if (operator === 'GreaterThanOrEqualTo') return difference >= 0;
      if (operator === 'LessThan') return difference < 0;
      return difference <= 0;
    }
  }
}

/**
 * `and`, `or` or custom logic (`1 AND (2 OR NOT 3)`) over condition results (1-based).
 * Custom logic is checked at deploy (validate-flow.ts) with the same grammar.
 */
export function evaluateLogic(logic: string, results: readonly boolean[]): boolean {
  const lower = logic.trim().toLowerCase();
  if (lower === 'and') return results.every(Boolean);
  if (lower === 'or') return results.some(Boolean);
  const tokens = logic.match(/\d+|\(|\)|and|or|not/gi) ?? [];
  let position = 0;
  const peek = () => tokens[position]?.toLowerCase();
  const primary = (): boolean => {
    const token = tokens[position++]?.toLowerCase();
    if (token === 'not') return !primary();
    if (token === '(') {
      const value = disjunction();
      if (tokens[position++] !== ')') throw new Error(`Condition logic "${logic}": a ( is not closed`);
      return value;
    }
    const index = Number(token);
    if (!Number.isInteger(index) || index < 1 || index > results.length) {
      throw new Error(`Condition logic "${logic}" names condition ${token ?? '(none)'}, which does not exist`);
    }
    return results[index - 1]!;
  };
  const conjunction = (): boolean => {
    let value = primary();
    while (peek() === 'and') {
      position += 1;
      const next = primary();
      value = value && next;
    }
    return value;
  };
  const disjunction = (): boolean => {
    let value = conjunction();
    while (peek() === 'or') {
      position += 1;
      const next = conjunction();
      value = value || next;
    }
    return value;
  };
  const value = disjunction();
  if (position !== tokens.length) throw new Error(`Condition logic "${logic}" has unexpected text`);
  return value;
}
