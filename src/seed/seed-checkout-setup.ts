/**
 * What a store needs for the full checkout beyond products and prices: delivery methods with
 * their fees, tax rates and promotions. Amounts are decimal text ("15.00"), percentages numbers.
 */
import type { Kysely } from 'kysely';
import { systemUserId } from '../access/permission-sets.js';
import { toMinorUnits } from '../domain/money.js';
import type { DiscountType, PromotionTarget } from '../domain/vocabulary.js';
import type { Database } from '../records/registry.js';
import { insertRecord } from '../store/insert-record.js';
import type { SeededStore } from './seed-store.js';

export interface CheckoutSetupSeed {
  readonly deliveryMethods?: readonly { name: string; fee: string; carrier?: string; referenceNumber?: string }[];
  readonly taxRates?: readonly { name: string; country: string; state?: string; rate: number }[];
  readonly promotions?: readonly {
    name: string;
    discountType: DiscountType;
    target: PromotionTarget;
    percent?: number;
    amount?: string;
    /** SKU of the discounted product (Target Product). */
    sku?: string;
    couponCode?: string;
  }[];
}

export interface SeededCheckoutSetup {
  readonly deliveryMethodIds: readonly string[];
  readonly taxRateIds: readonly string[];
  readonly promotionIds: readonly string[];
}

function minorOf(amount: string): number {
  const minor = toMinorUnits(amount);
  if (minor === null) throw new Error(`Invalid amount ${amount}`);
  return minor;
}

export async function seedCheckoutSetup(
  db: Kysely<Database>,
  store: SeededStore,
  seed: CheckoutSetupSeed,
): Promise<SeededCheckoutSetup> {
  const deliveryMethodIds: string[] = [];
  for (const method of seed.deliveryMethods ?? []) {
    const values = {
      name: method.name,
      web_store_id: store.storeId,
      shipping_fee: minorOf(method.fee),
      carrier: method.carrier ?? null,
      reference_number: method.referenceNumber ?? null,
    };
    deliveryMethodIds.push(await insertRecord(db, 'orderDeliveryMethod', values, systemUserId));
  }
  const taxRateIds: string[] = [];
  for (const rate of seed.taxRates ?? []) {
    const values = { name: rate.name, country: rate.country, state: rate.state ?? null, rate: rate.rate };
    taxRateIds.push(await insertRecord(db, 'taxRate', values, systemUserId));
  }
  const promotionIds: string[] = [];
  for (const promotion of seed.promotions ?? []) {
    const product = store.products.find((candidate) => candidate.sku === promotion.sku);
    if (promotion.sku !== undefined && product === undefined) throw new Error(`No product ${promotion.sku}`);
    const values = {
      name: promotion.name,
      web_store_id: store.storeId,
      discount_type: promotion.discountType,
      target: promotion.target,
      discount_percent: promotion.percent ?? null,
      discount_amount: promotion.amount === undefined ? null : minorOf(promotion.amount),
      product2_id: product?.id ?? null,
      coupon_code: promotion.couponCode ?? null,
    };
    promotionIds.push(await insertRecord(db, 'promotion', values, systemUserId));
  }
  return { deliveryMethodIds, taxRateIds, promotionIds };
}
