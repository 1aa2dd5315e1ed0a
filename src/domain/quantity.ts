/**
 * Exact quantities. A quantity is a decimal with at most 4 places, kept as an integer count of
 * ten-thousandths (2.5 → 25,000) in memory and in bigint columns, so stock arithmetic and its
 * guarded updates are integer arithmetic in SQL and JavaScript alike — 0.1 reserved ten times
 * from 1 leaves exactly 0 (docs/decisions/0013-exact-quantities.md).
 */
import { CheckoutError } from './errors.js';
import { toScaledInteger } from './to-scaled-integer.js';

export const quantityScale = 4;
export const tenThousandthsPerUnit = 10 ** quantityScale;

/** The largest quantity written through the API or sent by a provider: one billion units. */
export const maxQuantity = 1_000_000_000;
const maxQuantityTenThousandths = maxQuantity * tenThousandthsPerUnit;

/**
 * The largest sum of quantities the engine computes (a cart's TotalProductCount, a product's
 * demand across lines): 10^11 units, i.e. 10^15 ten-thousandths — 15 digits, so the sum is
 * still exact as a JSON number.
 */
const maxQuantitySumTenThousandths = 10 ** 15;

/**
 * Ten-thousandths of a quantity (a JSON number or plain decimal text), or why not: `invalid`
 * for anything but a decimal with at most 4 places, `outOfRange` beyond ±maxQuantity.
 */
export function parseQuantity(value: unknown): number | 'invalid' | 'outOfRange' {
  const scaled = toScaledInteger(value, quantityScale);
  if (scaled === null) return 'invalid';
  if (scaled > BigInt(maxQuantityTenThousandths) || scaled < -BigInt(maxQuantityTenThousandths)) return 'outOfRange';
  return Number(scaled);
}

/** The quantity as a JSON number (exact: at most 15 significant digits). */
export function fromQuantityTenThousandths(tenThousandths: number): number {
  return tenThousandths / tenThousandthsPerUnit;
}

/** Ten-thousandths of a quantity given in units (seeds, tests, providers' JSON numbers); throws when it is not exact. */
export function toQuantityTenThousandths(quantity: number | string): number {
  const parsed = parseQuantity(quantity);
  if (typeof parsed !== 'number') {
    throw new RangeError(
      `Quantity ${quantity} is not a decimal with at most ${quantityScale} places within ±${maxQuantity}`,
    );
  }
  return parsed;
}

/** The quantity as exact decimal text without trailing zeros, e.g. 25,000 → "2.5". */
export function formatQuantity(tenThousandths: number): string {
  const sign = tenThousandths < 0 ? '-' : '';
  const digits = Math.abs(tenThousandths)
    .toString()
    .padStart(quantityScale + 1, '0');
  const fraction = digits.slice(-quantityScale).replace(/0+$/, '');
  return `${sign}${digits.slice(0, -quantityScale)}${fraction === '' ? '' : `.${fraction}`}`;
}

/** The exact sum of quantities, or NUMBER_OUTSIDE_VALID_RANGE naming `what`. */
export function sumQuantities(tenThousandths: readonly number[], what: string): number {
  const sum = tenThousandths.reduce((acc, value) => acc + BigInt(value), 0n);
  if (sum > BigInt(maxQuantitySumTenThousandths) || sum < -BigInt(maxQuantitySumTenThousandths)) {
    throw new CheckoutError(
      'NUMBER_OUTSIDE_VALID_RANGE',
      400,
      `${what} is outside the valid range of quantity sums (at most ${formatQuantity(maxQuantitySumTenThousandths)})`,
    );
  }
  return Number(sum);
}
