/**
 * The shipping charge of a delivery group: one `Charge` cart item at the chosen option's fee,
 * replacing the group's earlier one (with its taxes). Runs inside the caller's transaction; taxes
 * computed before this charge existed don't cover it, so the caller's totals write voids them.
 */
import type { Kysely } from 'kysely';
import { tenThousandthsPerUnit } from '../domain/quantity.js';
import type { Database } from '../records/registry.js';
import { insertRecord } from '../store/insert-record.js';
import { removeShippingCharges } from './clear-cart-outputs.js';

export interface ChosenOption {
  readonly cartId: string;
  readonly cartDeliveryGroupId: string;
  readonly name: string;
  readonly shippingFeeMinor: number;
  /** The delivery method's charge product, when it has one. */
  readonly product2Id: string | null;
  /**
   * Whether the group has a charge line, when the caller read it in this transaction with
   * nothing changing the group's lines since: false saves looking for one to remove.
   */
  readonly hasCharge?: boolean;
}

export async function writeShippingCharge(
  trx: Kysely<Database>,
  option: ChosenOption,
  actorId: string,
): Promise<string> {
  if (option.hasCharge !== false) await removeShippingCharges(trx, option.cartId, [option.cartDeliveryGroupId]);
  const fee = option.shippingFeeMinor;
  return insertRecord(
    trx,
    'cartItem',
    {
      cart_id: option.cartId,
      cart_delivery_group_id: option.cartDeliveryGroupId,
      product2_id: option.product2Id,
      name: option.name,
      type: 'Charge',
      quantity: tenThousandthsPerUnit,
      list_price: fee,
      sales_price: fee,
      total_list_price: fee,
      total_line_amount: fee,
      total_price: fee,
      is_price_current: 1,
    },
    actorId,
  );
}
