/** Decision: the first rule whose conditions hold (by its logic) decides; else the default connector. */
import type { DecisionElement } from '../flow-model.js';
import { compareValues, evaluateLogic } from '../flow-values.js';
import { evaluateValue, readReference } from '../flow-scope.js';
import { goTo, type ElementContext, type ElementStep } from './element-context.js';

export function runDecision(element: DecisionElement, context: ElementContext): Promise<ElementStep> {
  for (const rule of element.rules) {
    const results = rule.conditions.map((condition) =>
      compareValues(
        readReference(context, condition.left),
        condition.operator,
        evaluateValue(context, condition.right),
      ),
    );
    if (evaluateLogic(rule.logic, results)) return Promise.resolve(goTo(rule.connector));
  }
  return Promise.resolve(goTo(element.connector));
}
