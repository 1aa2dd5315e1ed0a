/** The filters of a record element, evaluated in the frame. */
import type { RecordQuery } from '../flow-model.js';
import { evaluateValue, type FlowScope } from '../flow-scope.js';
import type { EvaluatedFilter } from '../flow-records.js';

export function evaluateFilters(scope: FlowScope, query: RecordQuery): EvaluatedFilter[] {
  return query.filters.map((filter) => ({
    field: filter.field,
    operator: filter.operator,
    value: evaluateValue(scope, filter.value),
  }));
}
