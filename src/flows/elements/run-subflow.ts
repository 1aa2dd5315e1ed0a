/**
 * Subflow: runs another flow (its active version) in a new frame with the input assignments;
 * when it ends its output variables come back through `outputAssignments` or, with
 * `storeOutputAutomatically`, as `{!ElementName.output}`.
 */
import type { ActionCallElement, SubflowElement } from '../flow-model.js';
import { readField } from '../flow-values.js';
import { assignReference, evaluateValue } from '../flow-scope.js';
import type { ElementContext, ElementStep } from './element-context.js';

export function runSubflow(element: SubflowElement, context: ElementContext): Promise<ElementStep> {
  const inputs = Object.fromEntries(
    element.inputAssignments.map((assignment) => [assignment.name, evaluateValue(context, assignment.value)]),
  );
  return Promise.resolve({ kind: 'call', flowName: element.flowName, inputs });
}

/** The outputs of a finished call (action or subflow) into the caller's frame. */
export function applyCallOutputs(
  element: ActionCallElement | SubflowElement,
  context: ElementContext,
  outputs: Record<string, unknown>,
): void {
  const assignments = element.kind === 'actionCall' ? element.outputParameters : element.outputAssignments;
  for (const assignment of assignments)
    assignReference(context, assignment.target, readField(outputs, assignment.name));
  if (element.storeOutputAutomatically) context.frame.values[element.name.toLowerCase()] = { ...outputs };
}
