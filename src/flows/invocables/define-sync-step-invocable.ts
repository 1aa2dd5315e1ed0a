/**
 * The synchronous Apex steps of Salesforce's sync checkout flows (B2BSyncCheckInventory,
 * B2BSyncPricing, B2BSyncDelivery, B2BSyncTax) share one shape: `cartIds` in (one cart id; a
 * flow passes its single `cartId` variable), no outputs, and the step run for the cart inside
 * the call as the interview's user (actions/run-cart-step-now.ts). A failed step leaves its
 * Error output on the cart, as the asynchronous step does, and fails the flow element with the
 * step's message, which the flow's fault connector reads as `$Flow.FaultMessage`.
 */
import { runCartStepNow, type CartStep } from '../../actions/run-cart-step-now.js';
import { CheckoutError } from '../../domain/errors.js';
import type { Invocable } from '../invocable.js';

/** `cartIds` as Salesforce's examples take it (a list of exactly one id), or `cartId`. */
function singleCartId(name: string, input: Readonly<Record<string, unknown>>): string {
  const given = input.cartIds ?? input.cartId;
  const ids = Array.isArray(given) ? (given as unknown[]) : given === undefined || given === null ? [] : [given];
  const [cartId] = ids;
  if (ids.length !== 1 || typeof cartId !== 'string' || cartId === '') {
    throw new CheckoutError('INVALID_INPUT', 400, `${name} takes exactly one cart id in cartIds`, ['cartIds']);
  }
  return cartId;
}

export function defineSyncStepInvocable(name: string, stepLabel: string, step: CartStep): Invocable {
  return {
    name,
    inputs: ['cartIds', 'cartId'],
    outputs: [],
    async run(context, input) {
      const cartId = singleCartId(name, input);
      if (context.operations === undefined) {
        throw new CheckoutError('UNKNOWN_EXCEPTION', 500, `${name} can't run a step here: no operation runner`);
      }
      const { store, caller, operations } = context;
      const result = await runCartStepNow({ store, caller, operations }, cartId, step);
      if (result.status === 'Complete') return {};
      const message =
        result.status === 'Canceled'
          ? `The ${stepLabel} step was canceled: the checkout was canceled meanwhile`
          : (result.error ?? `The ${stepLabel} step failed`);
      throw new CheckoutError('INVALID_OPERATION', 400, message);
    },
  };
}
