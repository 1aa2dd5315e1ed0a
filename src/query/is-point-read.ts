/**
 * A point read: a query whose WHERE pins the queried object's `Id` to one value, alone or as
 * one operand of a top-level AND. It reads at most one row, found through the primary key,
 * and the rest of the condition (bounded by the complexity limit) is checked on that row only;
 * so it needs no time budget and runs on the request's own connection, without the round trip
 * to a reader thread (SQLite) or the read-only transaction of a budgeted read (PostgreSQL).
 * The checkout flows' record lookups are almost all of this kind (ADR 0029).
 */
import type { SoqlCondition, SoqlQuery } from './soql-ast.js';

function pinsId(condition: SoqlCondition): boolean {
  switch (condition.kind) {
    case 'compare':
      return (
        condition.operator === '=' &&
        condition.value.kind === 'string' &&
        condition.field.names.length === 1 &&
        condition.field.names[0]!.toLowerCase() === 'id'
      );
    case 'and':
      return condition.operands.some(pinsId);
    default:
      return false;
  }
}

export function isPointRead(query: SoqlQuery): boolean {
  return query.where !== null && pinsId(query.where);
}
