/** The contexts the flow runtime hands invocables and screen components, built for a user of a test engine. */
import { loadCaller } from '../../src/access/caller.js';
import type { InvocableContext } from '../../src/flows/invocable.js';
import type { ComponentContext } from '../../src/flows/screen-component.js';
import type { InterviewClient } from './drive-checkout-flow.js';
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

/** The interview API in process, as the user (the HTTP routes call the same service). */
export async function interviewClientFor(test: TestEngine, userId: string): Promise<InterviewClient> {
  const caller = (await loadCaller(test.engine.store.db, userId))!;
  const interviews = test.engine.flowInterviews;
  return {
    start: (flowApiName, inputs) => interviews.start(caller, flowApiName, inputs),
    read: (id, waitSeconds) => interviews.read(caller, id, waitSeconds),
    navigate: (id, body) =>
      interviews.navigate(caller, id, { ...body, action: body.action as 'NEXT' | 'BACK' | 'PAUSE' | 'FINISH' }),
  };
}
