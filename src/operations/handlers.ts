/** Every operation type's handler, keyed by type. */
import type { OperationHandler } from './operation-handler.js';
import { activateOrder } from './handlers/activate-order.js';
import { calculatePromotions } from './handlers/calculate-promotions.js';
import { calculateShipment } from './handlers/calculate-shipment.js';
import { calculateTaxes } from './handlers/calculate-taxes.js';
import { cartToOrder } from './handlers/cart-to-order.js';
import { checkInventory } from './handlers/check-inventory.js';
import { createOrderSummary } from './handlers/create-order-summary.js';
import { priceCart } from './handlers/price-cart.js';

export const builtInHandlers: ReadonlyMap<string, OperationHandler> = new Map(
  [
    checkInventory,
    priceCart,
    calculatePromotions,
    calculateShipment,
    calculateTaxes,
    cartToOrder,
    activateOrder,
    createOrderSummary,
  ].map((handler) => [handler.type, handler]),
);
