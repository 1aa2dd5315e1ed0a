/** Assignment: `Assign`, `Add` (append to a collection, add numbers, concatenate text), `Subtract`. */
import { findVariable, type AssignmentElement } from '../flow-model.js';
import { compareValues, textOf } from '../flow-values.js';
import { assignReference, evaluateValue, readReference } from '../flow-scope.js';
import { goTo, type ElementContext, type ElementStep } from './element-context.js';

function isCollectionTarget(context: ElementContext, target: string, current: unknown): boolean {
  if (Array.isArray(current)) return true;
  return !target.includes('.') && findVariable(context.model, target)?.isCollection === true;
}

function added(current: unknown, value: unknown, isCollection: boolean): unknown {
  if (isCollection) {
    const items: unknown[] = Array.isArray(current) ? current : [];
    return [...items, ...(Array.isArray(value) ? (value as unknown[]) : [value])];
  }
  if (typeof current === 'number' || typeof value === 'number') {
    if (current === null && value === null) return null;
    return Number(current ?? 0) + Number(value ?? 0);
  }
  return `${textOf(current)}${textOf(value)}`;
}

function subtracted(current: unknown, value: unknown, isCollection: boolean): unknown {
  if (isCollection) {
    const removed = Array.isArray(value) ? value : [value];
    const items = Array.isArray(current) ? current : [];
    return items.filter((item) => !removed.some((other) => compareValues(item, 'EqualTo', other)));
  }
  if (current === null && value === null) return null;
  return Number(current ?? 0) - Number(value ?? 0);
}

export function runAssignment(element: AssignmentElement, context: ElementContext): Promise<ElementStep> {
  for (const item of element.items) {
    const value = evaluateValue(context, item.value);
    if (item.operator === 'Assign') {
      assignReference(context, item.target, Array.isArray(value) ? [...(value as unknown[])] : value);
      continue;
    }
    const current = readReference(context, item.target);
    const isCollection = isCollectionTarget(context, item.target, current);
    const next =
      item.operator === 'Add' ? added(current, value, isCollection) : subtracted(current, value, isCollection);
    assignReference(context, item.target, next);
  }
  return Promise.resolve(goTo(element.connector));
}
