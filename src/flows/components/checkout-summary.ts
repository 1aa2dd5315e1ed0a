/**
 * `forceCommunity:commerceCheckoutSummary`: what the buyer is about to order — the cart with its
 * totals, its lines (products and delivery charges) and its delivery groups, as the sObject API
 * shows them to the interview's user. Parameters: `cartId`. Shows: `cart`, `items`,
 * `deliveryGroups` (API records). Takes nothing back.
 */
import { objects } from '../../records/registry.js';
import type { ScreenComponentAdapter } from '../screen-component.js';
import { apiRecordFor, refuseUnknownValues, visibleCart } from './component-records.js';

const extensionName = 'forceCommunity:commerceCheckoutSummary';

export const checkoutSummaryComponent: ScreenComponentAdapter = {
  extensionName,
  inputParameters: ['cartId'],
  outputParameters: [],

  async view(context, parameters) {
    const { db } = context.store;
    const cart = await visibleCart(context, parameters);
    const items = await db.selectFrom('cart_item').selectAll().where('cart_id', '=', cart.id).orderBy('id').execute();
    const groups = await db
      .selectFrom('cart_delivery_group')
      .selectAll()
      .where('cart_id', '=', cart.id)
      .orderBy('id')
      .execute();
    return {
      cart: apiRecordFor(context, objects.webCart, cart),
      // Products first, then delivery charges, each in the order they were added.
      items: [...items]
        .sort((a, b) => Number(a.type === 'Charge') - Number(b.type === 'Charge'))
        .map((item) => apiRecordFor(context, objects.cartItem, item)),
      deliveryGroups: groups.map((group) => apiRecordFor(context, objects.cartDeliveryGroup, group)),
    };
  },

  async accept(context, parameters, submitted) {
    refuseUnknownValues(extensionName, submitted, []);
    await visibleCart(context, parameters);
    return {};
  },
};
