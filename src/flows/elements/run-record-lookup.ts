/**
 * Get Records: one record (`getFirstRecordOnly`, or an `outputReference` that is a single record
 * variable) or a list, stored automatically under the element's name, into `outputReference`,
 * or field by field (`outputAssignments`; with no
 * record and `assignNullValuesIfNoRecordsFound` those variables become null, else keep their
 * values).
 */
import { findVariable, type RecordLookupElement } from '../flow-model.js';
import { readRecords } from '../flow-records.js';
import { readField } from '../flow-values.js';
import { assignReference } from '../flow-scope.js';
import { goTo, type ElementContext, type ElementStep } from './element-context.js';
import { evaluateFilters } from './record-filters.js';
import { rememberRecord } from './record-snapshots.js';

export async function runRecordLookup(element: RecordLookupElement, context: ElementContext): Promise<ElementStep> {
  const isSingle =
    element.getFirstRecordOnly ||
    element.outputAssignments.length > 0 ||
    (element.outputReference !== null && findVariable(context.model, element.outputReference)?.isCollection === false);
  const fields =
    element.queriedFields.length > 0
      ? element.queriedFields
      : element.outputAssignments.length > 0
        ? element.outputAssignments.map((assignment) => assignment.name)
        : null;
  const records = await readRecords(context.runtime, context.caller, {
    object: element.object,
    fields,
    filters: evaluateFilters(context, element),
    logic: element.filterLogic,
    sortField: element.sortField,
    sortOrder: element.sortOrder,
    limit: isSingle ? 1 : null,
  });
  records.forEach((record) => rememberRecord(context.state, record));
  const output = isSingle ? (records[0] ?? null) : records;
  if (element.storeOutputAutomatically) context.frame.values[element.name.toLowerCase()] = output;
  if (element.outputReference !== null) assignReference(context, element.outputReference, output);
  const first = records[0];
  if (first !== undefined || element.assignNullValuesIfNoRecordsFound) {
    for (const assignment of element.outputAssignments) {
      assignReference(context, assignment.target, first === undefined ? null : readField(first, assignment.name));
    }
  }
  return goTo(element.connector);
}
