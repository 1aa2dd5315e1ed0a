/**
 * Loop: hands out the collection's items one at a time (in either order) through the
 * next-value connector, then takes the no-more-values connector and forgets its position, so
 * that a loop entered again starts over. The current item is `{!LoopName}` and, in older flows,
 * also copied to `assignNextValueToReference`.
 */
import type { LoopElement } from '../flow-model.js';
import { assignReference, readReference } from '../flow-scope.js';
import { goTo, type ElementContext, type ElementStep } from './element-context.js';

export function runLoop(element: LoopElement, context: ElementContext): Promise<ElementStep> {
  const key = element.name.toLowerCase();
  const collection = readReference(context, element.collection);
  const items = Array.isArray(collection) ? collection : [];
  const position = context.frame.loops[key] ?? 0;
  if (position >= items.length) {
    delete context.frame.loops[key];
    return Promise.resolve(goTo(element.connector));
  }
  const item: unknown = element.isAscending ? items[position] : items[items.length - 1 - position];
  context.frame.loops[key] = position + 1;
  context.frame.values[key] = item;
  if (element.itemTarget !== null) assignReference(context, element.itemTarget, item);
  return Promise.resolve(goTo(element.nextValueConnector));
}
