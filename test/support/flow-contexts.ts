/** The contexts the flow runtime hands invocables and screen components, built for a user of a test engine. */
import { loadCaller } from '../../src/access/caller.js';
import type { InvocableContext } from '../../src/flows/invocable.js';
import type { ComponentContext } from '../../src/flows/screen-component.js';
import type { Interview, InterviewClient } from './drive-checkout-flow.js';
import type { HttpTestServer } from './http-test-server.js';
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

/** The interview API over HTTP, as the holder of `token`; any answer other than 200/201 throws. */
export function httpInterviewClient(server: HttpTestServer, token: string): InterviewClient {
  const base = '/services/data/v60.0/flow-interviews';
  const send = async (method: string, path: string, body?: unknown): Promise<Interview> => {
    const response = await server.request(method, path, { token, ...(body === undefined ? {} : { body }) });
    if (response.status !== 200 && response.status !== 201) {
      throw new Error(`${method} ${path} answered ${response.status}: ${response.text}`);
    }
    return response.body as Interview;
  };
  return {
    start: (flowApiName, inputs) => send('POST', base, { flowApiName, inputs }),
    read: (id, waitSeconds) => send('GET', `${base}/${id}?wait=${waitSeconds}`),
    navigate: (id, body) => send('POST', `${base}/${id}/navigate`, body),
  };
}
