/** The action catalog: every core action, read by the engine, the HTTP layer and describe. */
import type { ActionDefinition } from './action.js';
import { activateOrderAction } from './activate-order.js';
import { cartToOrderAction } from './cart-to-order.js';
import { checkCartInventoryAction } from './check-cart-inventory.js';
import { checkoutSessionAction } from './checkout-session.js';
import { updateCheckoutSessionStateAction } from './update-checkout-session-state.js';

export const actionCatalog: readonly ActionDefinition[] = [
  checkoutSessionAction,
  updateCheckoutSessionStateAction,
  checkCartInventoryAction,
  cartToOrderAction,
  activateOrderAction,
] as readonly ActionDefinition[];

const byName = new Map<string, ActionDefinition>();
for (const action of actionCatalog) {
  for (const name of [action.name, ...action.aliases]) byName.set(name.toLowerCase(), action);
}

/** The action with this name or alias (case-insensitive), if any. */
export function findAction(name: string): ActionDefinition | undefined {
  return byName.get(name.toLowerCase());
}
