/** Delete Records: a record variable or collection (`inputReference`), or the records matching filters. */
import type { RecordDeleteElement } from '../flow-model.js';
import { deleteFlowRecord, objectOf, readRecords } from '../flow-records.js';
import { FlowFault } from '../flow-runtime.js';
import { isRecord } from '../flow-values.js';
import { readReference } from '../flow-scope.js';
import { objectOfId } from '../../records/registry.js';
import { goTo, type ElementContext, type ElementStep } from './element-context.js';
import { evaluateFilters } from './record-filters.js';
import { idOf } from './record-snapshots.js';

export async function runRecordDelete(element: RecordDeleteElement, context: ElementContext): Promise<ElementStep> {
  const ids: { object: string; id: string }[] = [];
  if (element.inputReference !== null) {
    const input = readReference(context, element.inputReference);
    for (const record of (Array.isArray(input) ? input : [input]).filter(isRecord)) {
      const id = idOf(record);
      const object = id === null ? undefined : (record.attributes?.type ?? objectOfId(id)?.name);
      if (id === null || object === undefined) throw new FlowFault(`${element.name}: the record to delete has no Id`);
      ids.push({ object, id });
    }
  } else {
    const definition = objectOf(element.object);
    const matching = await readRecords(context.runtime, context.caller, {
      object: definition.name,
      fields: ['Id'],
      filters: evaluateFilters(context, element),
      logic: element.filterLogic,
      sortField: null,
      sortOrder: null,
      limit: null,
    });
    ids.push(...matching.map((record) => ({ object: definition.name, id: String(record.Id) })));
  }
  for (const { object, id } of ids) {
    await deleteFlowRecord(context.runtime, context.caller, object, id);
    delete context.state.snapshots[id];
  }
  return goTo(element.connector);
}
