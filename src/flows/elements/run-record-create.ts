/**
 * Create Records: from a record variable or collection (`inputReference`; each gets its new Id)
 * or from field values (`inputAssignments`; the new id goes to `assignRecordIdToReference` and,
 * with `storeOutputAutomatically`, to `{!ElementName}`).
 */
import type { RecordCreateElement } from '../flow-model.js';
import { createFlowRecord } from '../flow-records.js';
import { FlowFault } from '../flow-runtime.js';
import { isRecord, type FlowRecord } from '../flow-values.js';
import { assignReference, evaluateValue, readReference } from '../flow-scope.js';
import { goTo, type ElementContext, type ElementStep } from './element-context.js';
import { fieldValues, rememberRecord } from './record-snapshots.js';

function objectOfRecord(record: FlowRecord, fallback: string | null): string {
  const type = record.attributes?.type ?? fallback;
  if (type === null || type === undefined) throw new FlowFault('The record to create has no sObject type');
  return type;
}

export async function runRecordCreate(element: RecordCreateElement, context: ElementContext): Promise<ElementStep> {
  if (element.inputReference !== null) {
    const input = readReference(context, element.inputReference);
    const records = (Array.isArray(input) ? input : [input]).filter(isRecord);
    const objectType =
      context.model.variables.find((variable) => variable.name.toLowerCase() === element.inputReference!.toLowerCase())
        ?.objectType ?? null;
    for (const record of records) {
      const id = await createFlowRecord(
        context.runtime,
        context.caller,
        objectOfRecord(record, objectType),
        fieldValues(record),
      );
      record.Id = id;
      rememberRecord(context.state, record);
    }
    if (element.storeOutputAutomatically) context.frame.values[element.name.toLowerCase()] = records[0]?.Id ?? null;
    return goTo(element.connector);
  }
  const fields = Object.fromEntries(
    element.inputAssignments.map((assignment) => [assignment.field, evaluateValue(context, assignment.value)]),
  );
  const id = await createFlowRecord(context.runtime, context.caller, element.object ?? '', fields);
  rememberRecord(context.state, { Id: id, ...fields });
  if (element.assignRecordIdToReference !== null) assignReference(context, element.assignRecordIdToReference, id);
  if (element.storeOutputAutomatically) context.frame.values[element.name.toLowerCase()] = id;
  return goTo(element.connector);
}
