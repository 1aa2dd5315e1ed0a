/**
 * `commerce_checkout:deliveryMethod`: the delivery options the last shipment calculation offered
 * the cart, with their fees, and the buyer's choice among them.
 *
 * Parameters: `cartId`; `isReadOnly` (true: shows the chosen method, takes no choice).
 * Shows: `options` (one per delivery method offered: `deliveryMethodId`, `name`, `shippingFee`,
 * `carrier`, `classOfService`, `isSelected`), `selectedDeliveryMethodId`, `currencyIsoCode`.
 * Takes back: `orderDeliveryMethodId`, an offered method's id (15 or 18 characters). Left out or
 * empty, the method already chosen stands; with none chosen the field is required. The output
 * `orderDeliveryMethodId` is the chosen id in 18 characters; the flow applies it with
 * setCheckoutDeliveryMethod, which checks the offer again when it writes.
 */
import type { Kysely } from 'kysely';
import { CheckoutError } from '../../domain/errors.js';
import { fromMinorUnits } from '../../domain/money.js';
import { objects, parseIdOf, type Database } from '../../records/registry.js';
import type { ComponentContext, ComponentParameters, ScreenComponentAdapter } from '../screen-component.js';
import { parameterOf, refuseUnknownValues, visibleCart } from './component-records.js';

const extensionName = 'commerce_checkout:deliveryMethod';
const outputName = 'orderDeliveryMethodId';

interface DeliveryOption {
  readonly deliveryMethodId: string;
  readonly name: string;
  readonly shippingFee: number;
  readonly carrier: string | null;
  readonly classOfService: string | null;
  readonly isSelected: boolean;
}

interface DeliveryChoice {
  readonly currencyIsoCode: string;
  readonly options: readonly DeliveryOption[];
  readonly selectedDeliveryMethodId: string | null;
}

async function deliveryChoiceOf(db: Kysely<Database>, cart: { id: string; currency_iso_code?: unknown }) {
  const offers = await db
    .selectFrom('cart_delivery_group_method')
    .select(['delivery_method_id', 'name', 'shipping_fee', 'carrier', 'class_of_service'])
    .where('web_cart_id', '=', cart.id)
    .orderBy('shipping_fee')
    .orderBy('name')
    .execute();
  const group = await db
    .selectFrom('cart_delivery_group')
    .select('delivery_method_id')
    .where('cart_id', '=', cart.id)
    .orderBy('id')
    .executeTakeFirst();
  const selected = group?.delivery_method_id ?? null;
  const options = new Map<string, DeliveryOption>();
  for (const offer of offers) {
    if (options.has(offer.delivery_method_id)) continue;
    options.set(offer.delivery_method_id, {
      deliveryMethodId: offer.delivery_method_id,
      name: offer.name,
      shippingFee: fromMinorUnits(offer.shipping_fee),
      carrier: offer.carrier,
      classOfService: offer.class_of_service,
      isSelected: offer.delivery_method_id === selected,
    });
  }
  return {
    currencyIsoCode: typeof cart.currency_iso_code === 'string' ? cart.currency_iso_code : 'USD',
    options: [...options.values()],
    selectedDeliveryMethodId: selected !== null && options.has(selected) ? selected : null,
  } satisfies DeliveryChoice;
}

function isReadOnly(parameters: ComponentParameters): boolean {
  const value = parameterOf(parameters, 'isReadOnly');
  return value === true || value === 'true';
}

export const deliveryMethodComponent: ScreenComponentAdapter = {
  extensionName,
  inputParameters: ['cartId', 'isReadOnly'],
  outputParameters: [outputName],

  async view(context, parameters) {
    const cart = await visibleCart(context, parameters);
    return { cartId: cart.id, isReadOnly: isReadOnly(parameters), ...(await deliveryChoiceOf(context.store.db, cart)) };
  },

  async accept(context: ComponentContext, parameters, submitted) {
    refuseUnknownValues(extensionName, submitted, [outputName]);
    const cart = await visibleCart(context, parameters);
    const choice = await deliveryChoiceOf(context.store.db, cart);
    const given = submitted[outputName];
    if (given === undefined || given === null || given === '') {
      if (choice.selectedDeliveryMethodId !== null || isReadOnly(parameters)) {
        return { [outputName]: choice.selectedDeliveryMethodId };
      }
      throw new CheckoutError('REQUIRED_FIELD_MISSING', 400, 'Choose a delivery method', [outputName]);
    }
    const methodId = parseIdOf(objects.orderDeliveryMethod, given);
    const offered = choice.options.find((option) => option.deliveryMethodId === methodId);
    if (offered === undefined) {
      throw new CheckoutError(
        'INVALID_INPUT',
        400,
        `${JSON.stringify(given)} isn't one of the delivery options offered for this cart`,
        [outputName],
      );
    }
    if (isReadOnly(parameters) && offered.deliveryMethodId !== choice.selectedDeliveryMethodId) {
      throw new CheckoutError('INVALID_INPUT', 400, 'This delivery method screen is read-only', [outputName]);
    }
    return { [outputName]: offered.deliveryMethodId };
  },
};
