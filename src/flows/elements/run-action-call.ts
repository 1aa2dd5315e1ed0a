/**
 * Action call: a core checkout action (`actionType` = the action's name) through the same
 * invocation as the REST API, an Apex action (`apex`) through the invocable registry, or a
 * flow (`flow`) run as a subflow — all as the interview's user. A failed action is a fault.
 */
import { CheckoutError } from '../../domain/errors.js';
import type { ActionCallElement } from '../flow-model.js';
import { FlowFault } from '../flow-runtime.js';
import { evaluateValue } from '../flow-scope.js';
import { goTo, type ElementContext, type ElementStep } from './element-context.js';
import { applyCallOutputs } from './run-subflow.js';

async function runInvocable(element: ActionCallElement, context: ElementContext, input: Record<string, unknown>) {
  const invocable = context.runtime.extensions.findInvocable(element.actionName);
  if (invocable === undefined) throw new FlowFault(`No Apex action named ${element.actionName}`);
  try {
    return await invocable.run(
      {
        store: context.runtime.store,
        caller: context.caller,
        invokeAction: (actionName, actionInput) =>
          context.runtime.invokeAction(actionName, actionInput, context.caller),
        operations: context.runtime.operations,
      },
      input,
    );
  } catch (error) {
    if (error instanceof CheckoutError) throw new FlowFault(error.message);
    throw error;
  }
}

export async function runActionCall(element: ActionCallElement, context: ElementContext): Promise<ElementStep> {
  const input: Record<string, unknown> = {};
  for (const parameter of element.inputParameters) {
    const value = evaluateValue(context, parameter.value);
    // An unset input is the same as one not passed (Salesforce sends no value for it).
    if (value !== null) input[parameter.name] = value;
  }
  const type = element.actionType.toLowerCase();
  if (type === 'flow') return { kind: 'call', flowName: element.actionName, inputs: input };
  let outputs: Record<string, unknown>;
  if (type === 'apex') {
    outputs = await runInvocable(element, context, input);
  } else {
    const result = await context.runtime.invokeAction(element.actionName, input, context.caller);
    if (!result.isSuccess) throw new FlowFault(result.errors.map((error) => error.message).join('; '));
    outputs = result.outputValues ?? {};
  }
  applyCallOutputs(element, context, outputs);
  return goTo(element.connector);
}
