/**
 * Update Records: a record variable or collection (`inputReference`: only the fields the flow
 * changed since it read them are written), or the records matching filters (each set to the
 * `inputAssignments`). Writes go through the sObject API's rules; a session's State goes
 * through the state machine.
 */
import type { RecordUpdateElement } from '../flow-model.js';
import { FlowFault } from '../flow-runtime.js';
import { readRecords, updateFlowRecord } from '../flow-records.js';
import { isRecord } from '../flow-values.js';
import { evaluateValue, readReference } from '../flow-scope.js';
import { goTo, type ElementContext, type ElementStep } from './element-context.js';
import { evaluateFilters } from './record-filters.js';
import { changedFields, idOf, rememberRecord } from './record-snapshots.js';
import { objectOf } from '../flow-records.js';
import { objectOfId } from '../../records/registry.js';

export async function runRecordUpdate(element: RecordUpdateElement, context: ElementContext): Promise<ElementStep> {
  if (element.inputReference !== null) {
    const input = readReference(context, element.inputReference);
    for (const record of (Array.isArray(input) ? input : [input]).filter(isRecord)) {
      const id = idOf(record);
      if (id === null) throw new FlowFault(`${element.name}: the record to update has no Id`);
      const object = record.attributes?.type ?? objectOfId(id)?.name;
      if (object === undefined) throw new FlowFault(`${element.name}: ${id} is not the id of a known record`);
      const changes = changedFields(context.state, record);
      if (Object.keys(changes).length > 0) await updateFlowRecord(context.runtime, context.caller, object, id, changes);
      rememberRecord(context.state, record);
    }
    return goTo(element.connector);
  }
  const definition = objectOf(element.object);
  const fields = Object.fromEntries(
    element.inputAssignments.map((assignment) => [assignment.field, evaluateValue(context, assignment.value)]),
  );
  const matching = await readRecords(context.runtime, context.caller, {
    object: definition.name,
    fields: ['Id'],
    filters: evaluateFilters(context, element),
    logic: element.filterLogic,
    sortField: null,
    sortOrder: null,
    limit: null,
  });
  for (const record of matching) {
    await updateFlowRecord(context.runtime, context.caller, definition.name, String(record.Id), fields);
  }
  return goTo(element.connector);
}
