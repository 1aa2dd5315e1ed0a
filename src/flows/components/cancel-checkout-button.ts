/**
 * `forceCommunity:cancelCheckoutButton`: lets the buyer give up the checkout and go back to an
 * editable cart. Parameters: `cartId`, optional `label`. Shows: `cartId`, `label`, `canCancel`
 * (the cart is in Checkout). Takes back `isCanceled` (boolean, default false), output as is: the
 * flow takes its cancel path on it and calls cancelCartAsyncOperation, which checks the buyer's
 * edit access to the cart when it writes. The component itself changes nothing.
 */
import { CheckoutError } from '../../domain/errors.js';
import type { ScreenComponentAdapter } from '../screen-component.js';
import { parameterOf, refuseUnknownValues, visibleCart } from './component-records.js';

const extensionName = 'forceCommunity:cancelCheckoutButton';
const outputName = 'isCanceled';

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
    if (value && cart.status !== 'Checkout') {
      throw new CheckoutError(
        'INVALID_OPERATION',
        400,
        `The cart isn't in a checkout to cancel (it is ${String(cart.status)})`,
        [outputName],
      );
    }
    return { [outputName]: value };
  },
};
