/**
 * The parsed form of a query in our SOQL subset (SPEC.md section 5). Every node keeps the
 * position of its first character so that later stages (field resolution, value checks) can
 * report errors at the right place, as Salesforce does.
 */

/** 1-based line and column of a character in the query text. */
export interface SoqlPosition {
  readonly line: number;
  readonly column: number;
}

/** A field as written: `Status` or `WebCart.Status` (names in the caller's case). */
export interface SoqlFieldPath {
  readonly names: readonly string[];
  readonly at: SoqlPosition;
}

export type SoqlLiteral =
  | {
      readonly kind: 'string';
      /** The decoded text (escapes resolved). */
      readonly value: string;
      /** The same text as a SQL LIKE pattern escaped with `\`: `%` and `_` wildcards kept, `\%` and `\_` literal. */
      readonly likePattern: string;
      readonly at: SoqlPosition;
    }
  | { readonly kind: 'number'; readonly text: string; readonly at: SoqlPosition }
  | { readonly kind: 'boolean'; readonly value: boolean; readonly at: SoqlPosition }
  | { readonly kind: 'null'; readonly at: SoqlPosition }
  /** `2026-11-22`, kept as written (the stored form of date fields). */
  | { readonly kind: 'date'; readonly text: string; readonly at: SoqlPosition }
  /** A date-time literal converted to the stored form: ISO 8601 in UTC with milliseconds. */
  | { readonly kind: 'datetime'; readonly iso: string; readonly at: SoqlPosition };

export type SoqlStringLiteral = Extract<SoqlLiteral, { kind: 'string' }>;

/** `<>` is read as `!=`. */
export type SoqlComparison = '=' | '!=' | '<' | '<=' | '>' | '>=';

export type SoqlCondition =
  | {
      readonly kind: 'compare';
      readonly field: SoqlFieldPath;
      readonly operator: SoqlComparison;
      readonly value: SoqlLiteral;
    }
  | {
      readonly kind: 'in';
      readonly field: SoqlFieldPath;
      readonly isNegated: boolean;
      readonly values: readonly SoqlLiteral[];
    }
  | { readonly kind: 'like'; readonly field: SoqlFieldPath; readonly pattern: SoqlStringLiteral }
  | { readonly kind: 'and' | 'or'; readonly operands: readonly SoqlCondition[] }
  | { readonly kind: 'not'; readonly operand: SoqlCondition };

export interface SoqlOrdering {
  readonly field: SoqlFieldPath;
  readonly isDescending: boolean;
  /** Salesforce's default: nulls first when ascending, last when descending. */
  readonly isNullsLast: boolean;
}

export interface SoqlQuery {
  readonly select:
    | { readonly kind: 'count'; readonly at: SoqlPosition }
    | { readonly kind: 'fields'; readonly fields: readonly SoqlFieldPath[] };
  readonly from: { readonly name: string; readonly at: SoqlPosition };
  readonly where: SoqlCondition | null;
  readonly orderBy: readonly SoqlOrdering[];
  readonly limit: number | null;
  readonly offset: number | null;
}
