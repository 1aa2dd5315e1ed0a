/** The contexts the flow runtime hands invocables and screen components, built for a user of a test engine. */
import { loadCaller } from '../../src/access/caller.js';
import type { InvocableContext } from '../../src/flows/invocable.js';
import type { ComponentContext } from '../../src/flows/screen-component.js';
import type { TestEngine } from './test-engine.js';

export async function invocableContextFor(
  test: TestEngine,
  userId: string,
  options: { withOperations?: boolean } = {},
): Promise<InvocableContext> {
  const { engine } = test;
  const caller = (await loadCaller(engine.store.db, userId))!;
  return {
    store: engine.store,
    caller,
    invokeAction: (actionName, input) => engine.invoke(actionName, input, caller),
    ...(options.withOperations === false ? {} : { operations: engine.operations }),
  };
}

export async function componentContextFor(test: TestEngine, userId: string): Promise<ComponentContext> {
  return { store: test.engine.store, caller: (await loadCaller(test.engine.store.db, userId))! };
}
