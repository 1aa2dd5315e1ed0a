/** Every operation type's handler, keyed by type. */
import type { OperationHandler } from './operation-handler.js';
import { activateOrder } from './handlers/activate-order.js';
import { cartToOrder } from './handlers/cart-to-order.js';
import { checkInventory } from './handlers/check-inventory.js';
import { createOrderSummary } from './handlers/create-order-summary.js';

export const builtInHandlers: ReadonlyMap<string, OperationHandler> = new Map(
  [checkInventory, cartToOrder, activateOrder, createOrderSummary].map((handler) => [handler.type, handler]),
);
