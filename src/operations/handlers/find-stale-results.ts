/**
 * What cart to order refuses (SPEC.md section 3 rule 7): an order's money is what the steps
 * computed for the cart as it is. Every product line needs a price computed (or written by an
 * integrator or administrator) after the line last changed; where the store charges for
 * delivery or tax, shipping and taxes must have been computed at the cart's current revision
 * (src/store/cart-results.ts), and each delivery group needs its chosen method with the
 * charge line the last shipment calculation offered. Each problem becomes an Error output
 * naming the step to run again.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../records/registry.js';
import type { ValidationMessage } from '../step-outcome.js';
import type { CartSnapshot } from './load-cart.js';
import type { StoreCharges } from './order-terms.js';

function pricingProblems(snapshot: CartSnapshot): ValidationMessage[] {
  return snapshot.items
    .filter(
      (item) =>
        item.type === 'Product' &&
        (item.is_price_current !== 1 || item.sales_price === null || item.total_line_amount === null),
    )
    .map((item) => ({
      level: 'Error',
      type: 'Pricing',
      message: `SKU ${item.sku ?? item.name} has no price computed for it as it is: run priceCart again before cart to order`,
      relatedEntityId: item.id,
    }));
}

async function shippingProblems(db: Kysely<Database>, snapshot: CartSnapshot): Promise<ValidationMessage[]> {
  const { cart, items, deliveryGroups } = snapshot;
  const rerun = 'run calcCartShipmentAction and setCheckoutDeliveryMethod again before cart to order';
  if (cart.shipping_revision !== cart.content_revision) {
    return [
      { level: 'Error', type: 'Shipping', message: `Shipping wasn't calculated for the cart as it is: ${rerun}` },
    ];
  }
  const offered = await db
    .selectFrom('cart_delivery_group_method')
    .select(['cart_delivery_group_id', 'delivery_method_id', 'shipping_fee'])
    .where('web_cart_id', '=', cart.id)
    .execute();
  const problems: ValidationMessage[] = [];
  for (const group of deliveryGroups) {
    const lines = items.filter((item) => item.cart_delivery_group_id === group.id);
    if (!lines.some((item) => item.type === 'Product')) continue;
    const option = offered.find(
      (candidate) =>
        candidate.cart_delivery_group_id === group.id && candidate.delivery_method_id === group.delivery_method_id,
    );
    const charged = lines
      .filter((item) => item.type === 'Charge')
      .reduce((sum, item) => sum + (item.total_line_amount ?? 0), 0);
    if (option === undefined) {
      problems.push({
        level: 'Error',
        type: 'Shipping',
        message: `${group.name} has no delivery method chosen from the last shipment calculation: ${rerun}`,
      });
    } else if (charged !== option.shipping_fee) {
      problems.push({
        level: 'Error',
        type: 'Shipping',
        message: `${group.name} doesn't carry the shipping charge of its delivery method: ${rerun}`,
      });
    }
  }
  return problems;
}

/** `charges`: what the cart's store charges for (src/operations/handlers/order-terms.ts). */
export async function findStaleResults(
  db: Kysely<Database>,
  snapshot: CartSnapshot,
  charges: StoreCharges,
): Promise<ValidationMessage[]> {
  const problems = pricingProblems(snapshot);
  if (charges.delivery) problems.push(...(await shippingProblems(db, snapshot)));
  if (charges.tax && snapshot.cart.tax_revision !== snapshot.cart.content_revision) {
    problems.push({
      level: 'Error',
      type: 'Taxes',
      message: "Taxes weren't calculated for the cart as it is: run calcCartTaxesAction again before cart to order",
    });
  }
  return problems;
}
