/**
 * The lexer of our SOQL subset: query text → tokens with their positions. Keywords are not
 * told apart here: SOQL keywords are also valid object and field names in some places (an
 * object `Order`, a field `Type`), so the parser decides from context.
 */
import type { SoqlPosition } from './soql-ast.js';
import { queryError } from './query-error.js';

export type SoqlSymbol = '(' | ')' | ',' | '.' | '=' | '!=' | '<>' | '<' | '<=' | '>' | '>=';

export type SoqlToken =
  | { readonly kind: 'word'; readonly text: string; readonly at: SoqlPosition }
  | { readonly kind: 'string'; readonly value: string; readonly likePattern: string; readonly at: SoqlPosition }
  | { readonly kind: 'number'; readonly text: string; readonly at: SoqlPosition }
  | { readonly kind: 'date'; readonly text: string; readonly at: SoqlPosition }
  | { readonly kind: 'datetime'; readonly iso: string; readonly at: SoqlPosition }
  | { readonly kind: 'symbol'; readonly text: SoqlSymbol; readonly at: SoqlPosition }
  | { readonly kind: 'end'; readonly at: SoqlPosition };

/** Salesforce's limit on the length of a SOQL statement. */
export const maxQueryLength = 100_000;

const wordPattern = /[A-Za-z_][A-Za-z0-9_]*/y;
const numberPattern = /[+-]?\d+(?:\.\d+)?/y;
const dateStartPattern = /\d{4}-\d{2}-\d{2}/y;
const dateTimePattern = /(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?(Z|([+-])(\d{2}):?(\d{2}))/y;
const twoCharSymbols = new Set(['!=', '<>', '<=', '>=']);
const oneCharSymbols = new Set(['(', ')', ',', '.', '=', '<', '>']);
const wordChar = /[A-Za-z0-9_]/;

/** Escapes Salesforce accepts in string literals, besides `\%` and `\_` (literal in LIKE). */
const escapes: Record<string, string> = {
  n: '\n',
  N: '\n',
  r: '\r',
  R: '\r',
  t: '\t',
  T: '\t',
  b: '\b',
  B: '\b',
  f: '\f',
  F: '\f',
  '"': '"',
  "'": "'",
  '\\': '\\',
};

export function tokenizeSoql(text: string): SoqlToken[] {
  if (text.length > maxQueryLength) {
    throw queryError('MALFORMED_QUERY', `query is longer than ${maxQueryLength} characters`, { line: 1, column: 1 });
  }
  const loneSurrogate = /\p{Cs}/u.exec(text);
  if (loneSurrogate !== null) {
    throw queryError(
      'MALFORMED_QUERY',
      'the query is not valid Unicode text',
      positionWithin(text, 0, { line: 1, column: 1 }, loneSurrogate.index),
    );
  }
  const tokens: SoqlToken[] = [];
  let offset = 0;
  let line = 1;
  let lineStart = 0;
  const positionOf = (index: number): SoqlPosition => ({ line, column: index - lineStart + 1 });

  const matchAt = (pattern: RegExp): RegExpExecArray | null => {
    pattern.lastIndex = offset;
    return pattern.exec(text);
  };

  while (offset < text.length) {
    const char = text.charAt(offset);
    if (char === '\n') {
      offset += 1;
      line += 1;
      lineStart = offset;
      continue;
    }
    if (char === ' ' || char === '\t' || char === '\r') {
      offset += 1;
      continue;
    }
    const at = positionOf(offset);
    if (char === "'") {
      const literal = readString(text, offset, at);
      tokens.push({ kind: 'string', value: literal.value, likePattern: literal.likePattern, at });
      // A string may span lines; keep the line count right for the positions after it.
      for (let index = offset; index < literal.end; index += 1) {
        if (text.charAt(index) === '\n') {
          line += 1;
          lineStart = index + 1;
        }
      }
      offset = literal.end;
      continue;
    }
    if (matchAt(dateStartPattern) !== null) {
      const dateTime = matchAt(dateTimePattern);
      const length = dateTime?.[0].length ?? 10;
      if (wordChar.test(text.charAt(offset + length)) || text.charAt(offset + length) === ':') {
        throw queryError('MALFORMED_QUERY', 'invalid date or date-time literal', at);
      }
      if (dateTime === null) tokens.push({ kind: 'date', text: checkedDate(text.slice(offset, offset + 10), at), at });
      else tokens.push({ kind: 'datetime', iso: isoOfDateTime(dateTime, at), at });
      offset += length;
      continue;
    }
    const number = matchAt(numberPattern);
    if (number !== null) {
      const end = offset + number[0].length;
      if (wordChar.test(text.charAt(end)) || text.charAt(end) === '.') {
        throw queryError('MALFORMED_QUERY', `invalid number: '${text.slice(offset, end + 1)}'`, at);
      }
      tokens.push({ kind: 'number', text: number[0], at });
      offset = end;
      continue;
    }
    const word = matchAt(wordPattern);
    if (word !== null) {
      tokens.push({ kind: 'word', text: word[0], at });
      offset += word[0].length;
      continue;
    }
    const pair = text.slice(offset, offset + 2);
    if (twoCharSymbols.has(pair)) {
      tokens.push({ kind: 'symbol', text: pair as SoqlSymbol, at });
      offset += 2;
      continue;
    }
    if (oneCharSymbols.has(char)) {
      tokens.push({ kind: 'symbol', text: char as SoqlSymbol, at });
      offset += 1;
      continue;
    }
    throw queryError('MALFORMED_QUERY', `unexpected character ${JSON.stringify(char)}`, at);
  }
  tokens.push({ kind: 'end', at: positionOf(offset) });
  return tokens;
}

function readString(
  text: string,
  start: number,
  at: SoqlPosition,
): { value: string; likePattern: string; end: number } {
  let value = '';
  let likePattern = '';
  let index = start + 1;
  while (index < text.length) {
    const char = text.charAt(index);
    if (char === "'") return { value, likePattern, end: index + 1 };
    if (char === '\0') {
      // Neither the API nor PostgreSQL text can hold it; refuse it the same way on SQLite.
      throw queryError(
        'MALFORMED_QUERY',
        'string literals may not contain the NUL character',
        positionWithin(text, start, at, index),
      );
    }
    if (char !== '\\') {
      value += char;
      likePattern += char;
      index += 1;
      continue;
    }
    const escaped = text.charAt(index + 1);
    if (escaped === '%' || escaped === '_') {
      value += escaped;
      likePattern += `\\${escaped}`;
    } else if (escapes[escaped] !== undefined) {
      const decoded = escapes[escaped];
      value += decoded;
      likePattern += decoded === '\\' ? '\\\\' : decoded;
    } else {
      throw queryError(
        'MALFORMED_QUERY',
        'invalid escape sequence in string literal',
        positionWithin(text, start, at, index),
      );
    }
    index += 2;
  }
  throw queryError('MALFORMED_QUERY', 'unterminated string literal', at);
}

/** The position of `index`, given that `start` is at `at` (strings may span lines). */
function positionWithin(text: string, start: number, at: SoqlPosition, index: number): SoqlPosition {
  const between = text.slice(start, index);
  const lastNewline = between.lastIndexOf('\n');
  if (lastNewline === -1) return { line: at.line, column: at.column + index - start };
  return { line: at.line + between.split('\n').length - 1, column: index - (start + lastNewline) };
}

const monthLengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const isLeapYear = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && isLeapYear ? 29 : (monthLengths[month - 1] ?? 0);
}

function checkedDate(text: string, at: SoqlPosition): string {
  const [year, month, day] = text.split('-').map(Number) as [number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw queryError('MALFORMED_QUERY', `invalid date: '${text}'`, at);
  }
  return text;
}

/** The stored form (`2026-11-22T17:00:00.000Z`) of a date-time literal, with its offset applied. */
function isoOfDateTime(match: RegExpExecArray, at: SoqlPosition): string {
  checkedDate(match[0].slice(0, 10), at);
  const [hour, minute, second] = [match[4], match[5], match[6]].map(Number) as [number, number, number];
  const millis = Number((match[7] ?? '0').padEnd(3, '0'));
  const offsetHours = Number(match[10] ?? '0');
  const offsetMinutes = Number(match[11] ?? '0');
  if (hour > 23 || minute > 59 || second > 59 || offsetHours > 23 || offsetMinutes > 59) {
    throw queryError('MALFORMED_QUERY', `invalid date-time: '${match[0]}'`, at);
  }
  const time = new Date(0);
  time.setUTCFullYear(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  time.setUTCHours(hour, minute, second, millis);
  const sign = match[9] === '-' ? -1 : 1;
  const iso = new Date(time.getTime() - sign * (offsetHours * 60 + offsetMinutes) * 60_000).toISOString();
  if (!/^\d{4}-/.test(iso)) throw queryError('MALFORMED_QUERY', `invalid date-time: '${match[0]}'`, at);
  return iso;
}
