/**
 * What payments and addresses add to the flow runtime: the address and payment screen
 * adapters, and the `B2BAuthorizeTokenizedPayment` invocable (built from the engine's
 * providers). The runtime's list of built-ins registers them.
 */
import type { PaymentDependencies } from '../payments/authorize-payment.js';
import { deliveryAddressComponent } from './components/delivery-address.js';
import { paymentMethodComponent } from './components/payment-method.js';
import type { FlowExtensionList } from './flow-extensions.js';
import type { Invocable } from './invocable.js';
import { createAuthorizeTokenizedPayment } from './invocables/b2b-authorize-tokenized-payment.js';
import type { ScreenComponentAdapter } from './screen-component.js';

export const paymentScreenAdapters: readonly ScreenComponentAdapter[] = [
  deliveryAddressComponent,
  paymentMethodComponent,
];

export function paymentInvocables(dependencies: Omit<PaymentDependencies, 'store'>): readonly Invocable[] {
  return [createAuthorizeTokenizedPayment(dependencies)];
}

/** `list` with the payment and address extensions added (the engine passes its providers). */
export function withPaymentExtensions(
  list: FlowExtensionList,
  dependencies: Omit<PaymentDependencies, 'store'>,
): FlowExtensionList {
  return {
    ...list,
    invocables: [...(list.invocables ?? []), ...paymentInvocables(dependencies)],
    screenAdapters: [...(list.screenAdapters ?? []), ...paymentScreenAdapters],
  };
}
