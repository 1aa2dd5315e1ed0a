/** The action catalog: every core action, read by the engine, the HTTP layer and describe. */
import type { ActionDefinition } from './action.js';
import { activateOrderAction } from './activate-order.js';
import { calcCartPromotionsAction } from './calc-cart-promotions.js';
import { calcCartShipmentAction } from './calc-cart-shipment.js';
import { calcCartTaxesAction } from './calc-cart-taxes.js';
import { cancelCartAsyncOperationAction } from './cancel-cart-async-operation.js';
import { cartToOrderAction } from './cart-to-order.js';
import { checkCartInventoryAction } from './check-cart-inventory.js';
import { checkoutSessionAction } from './checkout-session.js';
import { priceCartAction } from './price-cart.js';
import { setCheckoutDeliveryMethodAction } from './set-checkout-delivery-method.js';
import { updateCheckoutSessionStateAction } from './update-checkout-session-state.js';

export const actionCatalog: readonly ActionDefinition[] = [
  checkoutSessionAction,
  updateCheckoutSessionStateAction,
  checkCartInventoryAction,
  priceCartAction,
  calcCartPromotionsAction,
  calcCartShipmentAction,
  setCheckoutDeliveryMethodAction,
  calcCartTaxesAction,
  cartToOrderAction,
  activateOrderAction,
  cancelCartAsyncOperationAction,
] as readonly ActionDefinition[];

const byName = new Map<string, ActionDefinition>();
for (const action of actionCatalog) {
  for (const name of [action.name, ...action.aliases]) byName.set(name.toLowerCase(), action);
}

/** The action with this name or alias (case-insensitive), if any. */
export function findAction(name: string): ActionDefinition | undefined {
  return byName.get(name.toLowerCase());
}
