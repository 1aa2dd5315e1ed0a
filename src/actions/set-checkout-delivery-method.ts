/**
 * setCheckoutDeliveryMethod: the buyer's choice among the delivery options the last shipment
 * calculation offered. Synchronous.
 *
 * Checks (in order; docs/decisions/0007-cancel-and-delivery-method-errors.md):
 * 1. caller may invoke actions → BAD_REQUEST 400
 * 2. cartId names a cart → UNKNOWN_EXCEPTION 500
 * 3. effective account valid for the caller → INSUFFICIENT_ACCESS_OR_READONLY 500
 * 4. account is a member of the store → INSUFFICIENT_ACCESS_OR_READONLY 500
 * 5. caller can edit the cart → BAD_REQUEST 400
 * 6. cart in Checkout → INVALID_OPERATION 403
 * 7. no background operation of the cart New or Running, session not processing →
 *    ALREADY_IN_PROCESS 400 (a running step could replace the options being chosen from)
 * 8. deliveryMethodId names an OrderDeliveryMethod → INVALID_INPUT 400
 * 9. the last shipment calculation offered it for the cart → INVALID_INPUT 400
 *
 * Effects (one transaction, guarded by the cart still being in Checkout with nothing in
 * process): every delivery group it was offered for gets DeliveryMethodId := deliveryMethodId
 * and one shipping `Charge` item at the offered fee, replacing the group's earlier charge; the
 * cart totals are recomputed. The session's state is not touched. Output: none.
 */
import { sql } from 'kysely';
import { z } from 'zod';
import { CheckoutError } from '../domain/errors.js';
import { recomputeCartTotals } from '../operations/recompute-cart-totals.js';
import { writeShippingCharge } from '../operations/write-shipping-charge.js';
import { objects, parseIdOf } from '../records/registry.js';
import { touched } from '../store/insert-record.js';
import { defineAction } from './action.js';
import { cartStepChecks, checkCartForAction } from './cart-checks.js';
import { cartIdDoc, cartIdInput } from './inputs.js';
import { liveStatuses } from '../store/partial-index-terms.js';

const notInCheckout = (status: string) =>
  new CheckoutError('INVALID_OPERATION', 403, `The cart isn't in the Checkout state (it is ${status})`);
const alreadyInProcess = () =>
  new CheckoutError('ALREADY_IN_PROCESS', 400, 'An integration is already in progress for this cart');

export const setCheckoutDeliveryMethodAction = defineAction({
  name: 'setCheckoutDeliveryMethod',
  aliases: [],
  label: 'Set Checkout Delivery Method',
  description: 'Selects a delivery method offered by the last shipment calculation and writes its shipping charge.',
  input: z.strictObject({ cartId: cartIdInput, deliveryMethodId: z.string() }),
  inputs: [
    cartIdDoc,
    {
      name: 'deliveryMethodId',
      label: 'Delivery Method ID',
      description: 'An OrderDeliveryMethod offered by the last shipment calculation for the cart.',
      type: 'ID',
      sobjectType: 'OrderDeliveryMethod',
    },
  ],
  outputs: [],
  errorCodes: [
    'BAD_REQUEST',
    'UNKNOWN_EXCEPTION',
    'INSUFFICIENT_ACCESS_OR_READONLY',
    'INVALID_OPERATION',
    'ALREADY_IN_PROCESS',
    'INVALID_INPUT',
  ],
  async run(context, input) {
    const actorId = context.caller.userId;
    // The method (check 8) comes in the checks' one joined read; it is checked in its turn.
    const found = await checkCartForAction(context, input.cartId, cartStepChecks, {
      deliveryMethodId: parseIdOf(objects.orderDeliveryMethod, input.deliveryMethodId),
    });
    const { cart } = found;
    if (cart.status !== 'Checkout') throw notInCheckout(cart.status);
    if (found.hasLiveOperation || found.session?.is_processing === 1) throw alreadyInProcess();
    const method = found.deliveryMethod;
    if (method === undefined) {
      throw new CheckoutError('INVALID_INPUT', 400, `No delivery method ${input.deliveryMethodId}`, [
        'deliveryMethodId',
      ]);
    }

    await context.store.transaction(async (trx) => {
      // The guard and the writes are one transaction: a step started meanwhile, or a cancel,
      // makes this update match no row and nothing is written.
      const guarded = await trx
        .updateTable('web_cart')
        .set(touched(actorId))
        .where('id', '=', cart.id)
        .where('status', '=', 'Checkout')
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('background_operation')
                .select(sql.lit(1).as('one'))
                .where('web_cart_id', '=', cart.id)
                .where('status', 'in', liveStatuses),
            ),
          ),
        )
        .executeTakeFirst();
      if (guarded.numUpdatedRows !== 1n) {
        const current = await trx.selectFrom('web_cart').select('status').where('id', '=', cart.id).executeTakeFirst();
        throw current?.status === 'Checkout' ? alreadyInProcess() : notInCheckout(current?.status ?? 'deleted');
      }
      // Read after the guard, so no step can replace the options or charges meanwhile. A group
      // is offered a method once (a unique index), so whether it has a charge line can't change
      // before its turn in the loop below.
      const offered = await trx
        .selectFrom('cart_delivery_group_method as option')
        .select([
          'option.cart_delivery_group_id',
          'option.name',
          'option.shipping_fee',
          (eb) =>
            eb
              .exists(
                eb
                  .selectFrom('cart_item')
                  .select('cart_item.id')
                  .whereRef('cart_item.cart_id', '=', 'option.web_cart_id')
                  .where('cart_item.type', '=', 'Charge')
                  .whereRef('cart_item.cart_delivery_group_id', '=', 'option.cart_delivery_group_id'),
              )
              .as('has_charge'),
        ])
        .where('option.web_cart_id', '=', cart.id)
        .where('option.delivery_method_id', '=', method.id)
        .execute();
      if (offered.length === 0) {
        const anyOption = await trx
          .selectFrom('cart_delivery_group_method')
          .select('id')
          .where('web_cart_id', '=', cart.id)
          .executeTakeFirst();
        const message =
          anyOption === undefined
            ? 'No delivery options have been calculated for this cart: run calcCartShipmentAction first'
            : `Delivery method ${method.name} isn't among the options of the last shipment calculation for this cart`;
        throw new CheckoutError('INVALID_INPUT', 400, message, ['deliveryMethodId']);
      }
      for (const option of offered) {
        await trx
          .updateTable('cart_delivery_group')
          .set({ delivery_method_id: method.id, ...touched(actorId) })
          .where('id', '=', option.cart_delivery_group_id)
          .execute();
        await writeShippingCharge(
          trx,
          {
            cartId: cart.id,
            cartDeliveryGroupId: option.cart_delivery_group_id,
            name: option.name,
            shippingFeeMinor: option.shipping_fee,
            product2Id: method.product_id,
            hasCharge: Boolean(Number(option.has_charge)),
          },
          actorId,
        );
      }
      // Taxes computed before the new shipping charge don't cover it.
      await recomputeCartTotals(trx, cart.id, actorId, { taxRevision: null });
    });
    return {};
  },
});
