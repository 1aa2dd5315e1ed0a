/**
 * Errors of the query language. Decision: problems of syntax are `MALFORMED_QUERY`; problems
 * of meaning tied to a field (no such field or relationship, a value of the wrong type for the
 * field, an operator the field's type does not allow) are `INVALID_FIELD`; an unknown object
 * is `INVALID_TYPE`. All are 400 and name the position, so a client can point at the mistake.
 */
import { CheckoutError } from '../domain/errors.js';
import type { SoqlPosition } from './soql-ast.js';

export type QueryErrorCode = 'MALFORMED_QUERY' | 'INVALID_FIELD' | 'INVALID_TYPE';

export function queryError(
  errorCode: QueryErrorCode,
  message: string,
  at: SoqlPosition,
  fields: readonly string[] = [],
): CheckoutError {
  return new CheckoutError(errorCode, 400, `${message} (line ${at.line}, column ${at.column})`, fields);
}
