/**
 * Which fields a flow changed on a record: each record read or written is remembered by id
 * (InterviewState.snapshots); Update Records writes only the fields that differ from it, so a
 * flow that read a session and set one field does not write back the others (and does not
 * overwrite what a background step wrote meanwhile).
 */
import { readField, type FlowRecord } from '../flow-values.js';
import type { InterviewState } from '../interview-state.js';

const notWritten = new Set([
  'attributes',
  'id',
  'createddate',
  'createdbyid',
  'lastmodifieddate',
  'lastmodifiedbyid',
  'systemmodstamp',
]);

export function idOf(record: FlowRecord): string | null {
  const id = readField(record, 'Id');
  return typeof id === 'string' && id !== '' ? id : null;
}

export function fieldValues(record: FlowRecord): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([key]) => !notWritten.has(key.toLowerCase())));
}

export function rememberRecord(state: InterviewState, record: FlowRecord): void {
  const id = idOf(record);
  if (id !== null) state.snapshots[id] = structuredClone(fieldValues(record));
}

/** The fields of `record` that differ from when it was last read or written (all when unknown). */
export function changedFields(state: InterviewState, record: FlowRecord): Record<string, unknown> {
  const id = idOf(record);
  const values = fieldValues(record);
  const before = id === null ? undefined : state.snapshots[id];
  if (before === undefined) return values;
  const beforeByName = new Map(Object.entries(before).map(([key, value]) => [key.toLowerCase(), value]));
  return Object.fromEntries(
    Object.entries(values).filter(([key, value]) => {
      const lower = key.toLowerCase();
      return !beforeByName.has(lower) || JSON.stringify(beforeByName.get(lower)) !== JSON.stringify(value);
    }),
  );
}
