/** The screen component adapters of checkout flows that the engine provides (besides address and payment). */
import type { ScreenComponentAdapter } from '../screen-component.js';
import { cancelCheckoutButtonComponent } from './cancel-checkout-button.js';
import { checkoutSummaryComponent } from './checkout-summary.js';
import { deliveryMethodComponent } from './delivery-method.js';
import { orderConfirmationRedirectComponent } from './order-confirmation-redirect.js';
import { screenWaitComponent } from './screen-wait.js';

export const checkoutComponents: readonly ScreenComponentAdapter[] = [
  deliveryMethodComponent,
  checkoutSummaryComponent,
  orderConfirmationRedirectComponent,
  screenWaitComponent,
  cancelCheckoutButtonComponent,
];
