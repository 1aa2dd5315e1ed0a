/** The deploy-time refusal of a flow: INVALID_FLOW 400, naming the element and its line. */
import { CheckoutError } from '../domain/errors.js';

export function invalidFlow(element: string, why: string, line: number): CheckoutError {
  return new CheckoutError('INVALID_FLOW', 400, `${element}: ${why} (line ${line})`);
}
