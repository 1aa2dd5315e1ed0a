/**
 * `forceCommunity:cancelCheckoutButton`: lets the buyer give up the checkout and go back to an
 * editable cart. Parameters: `cartId`, optional `label`. Shows: `cartId`, `label`, `canCancel`
 * (the cart is in Checkout). Takes back `isCanceled` (boolean, default false). As the button
 * does in Salesforce (the templates' error screens end on it), `true` cancels the checkout:
 * `cancelCartAsyncOperation` invoked as the interview's user, with that action's checks and
 * errors; the output `isCanceled` then lets a flow take its own cancel path.
 */
import type { OperationRunner } from '../../actions/action.js';
import { invokeAction } from '../../actions/invoke-action.js';
import { createCallerCache } from '../../access/caller-cache.js';
import { CheckoutError, type HttpStatus } from '../../domain/errors.js';
import type { ScreenComponentAdapter } from '../screen-component.js';
import { parameterOf, refuseUnknownValues, visibleCart } from './component-records.js';

const extensionName = 'forceCommunity:cancelCheckoutButton';
const outputName = 'isCanceled';

/** The caller is already loaded (the interview's user): nothing to cache. */
const noCallerCache = createCallerCache(0);

/** Canceling starts and runs no operation, so the action never calls the runner. */
const cancelRunsNoOperation: OperationRunner = {
  wake() {},
  runNow: () => Promise.reject(new Error('cancelCartAsyncOperation runs no operation')),
};

export const cancelCheckoutButtonComponent: ScreenComponentAdapter = {
  extensionName,
  inputParameters: ['cartId', 'label'],
  outputParameters: [outputName],

  async view(context, parameters) {
    const cart = await visibleCart(context, parameters);
    const label = parameterOf(parameters, 'label');
    return {
      cartId: cart.id,
      label: typeof label === 'string' && label !== '' ? label : 'Cancel Checkout',
      canCancel: cart.status === 'Checkout',
    };
  },

  async accept(context, parameters, submitted) {
    refuseUnknownValues(extensionName, submitted, [outputName]);
    const value = submitted[outputName] ?? false;
    if (typeof value !== 'boolean') {
      throw new CheckoutError('INVALID_INPUT', 400, `${outputName} must be true or false`, [outputName]);
    }
    const cart = await visibleCart(context, parameters);
    if (!value) return { [outputName]: false };
    if (cart.status !== 'Checkout') {
      const message = `The cart isn't in a checkout to cancel (it is ${String(cart.status)})`;
      throw new CheckoutError('INVALID_OPERATION', 400, message, [outputName]);
    }
    const result = await invokeAction(
      { store: context.store, operations: cancelRunsNoOperation, callers: noCallerCache },
      'cancelCartAsyncOperation',
      { cartId: cart.id },
      context.caller,
    );
    const [error] = result.errors;
    if (error !== undefined) {
      throw new CheckoutError(error.statusCode, result.httpStatus as HttpStatus, error.message, [outputName]);
    }
    return { [outputName]: true };
  },
};
