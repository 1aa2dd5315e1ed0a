/**
 * The complexity limit of a query, checked on the parsed query before anything runs: a query
 * past it is refused with QUERY_TOO_COMPLICATED / 400 (Salesforce's code for a filter "too
 * complicated"). The time budget bounds what the database does; these bound what a query can
 * make the server build and the database plan, and keep the cost of a refusal tiny.
 * Salesforce's own limits are of the same order (100,000 characters, ORDER BY 32 fields).
 */
import { CheckoutError } from '../domain/errors.js';
import type { SoqlCondition, SoqlQuery } from './soql-ast.js';

export const queryLimits = {
  /** Comparisons, IN and LIKE conditions in WHERE. */
  maxConditions: 1000,
  /** Values over all IN lists. */
  maxInValues: 4000,
  maxOrderByFields: 32,
} as const;

function tooComplicated(message: string): CheckoutError {
  return new CheckoutError('QUERY_TOO_COMPLICATED', 400, message);
}

export function checkQueryLimits(query: SoqlQuery): void {
  let conditions = 0;
  let inValues = 0;
  const pending: SoqlCondition[] = query.where === null ? [] : [query.where];
  while (pending.length > 0) {
    const condition = pending.pop()!;
    if (condition.kind === 'and' || condition.kind === 'or') pending.push(...condition.operands);
    else if (condition.kind === 'not') pending.push(condition.operand);
    else {
      conditions += 1;
      if (condition.kind === 'in') inValues += condition.values.length;
    }
  }
  if (conditions > queryLimits.maxConditions) {
    throw tooComplicated(
      `Query is too complicated: ${conditions} conditions in WHERE, at most ${queryLimits.maxConditions} allowed`,
    );
  }
  if (inValues > queryLimits.maxInValues) {
    throw tooComplicated(
      `Query is too complicated: ${inValues} values in IN lists, at most ${queryLimits.maxInValues} allowed`,
    );
  }
  if (query.orderBy.length > queryLimits.maxOrderByFields) {
    throw tooComplicated(
      `Query is too complicated: ${query.orderBy.length} fields in ORDER BY, at most ${queryLimits.maxOrderByFields} allowed`,
    );
  }
}
