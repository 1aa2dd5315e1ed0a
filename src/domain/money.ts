/**
 * Exact money. Amounts are integers counting the currency's minor unit (cents for a scale of
 * 2). Binary floating point never touches an amount: parsing goes through the decimal text,
 * products and sums are computed with BigInt, and a result outside the documented range is
 * refused with NUMBER_OUTSIDE_VALID_RANGE, never rounded (docs/decisions/0002-money.md,
 * docs/decisions/0013-exact-quantities.md).
 */
import { CheckoutError } from './errors.js';
import { formatQuantity, quantityScale } from './quantity.js';
import { divideRoundingHalfAway, toScaledInteger } from './to-scaled-integer.js';

export const moneyScale = 2;
const minorPerMajor = 10 ** moneyScale;

/**
 * The largest amount accepted or computed: 999,999,999,999.99, i.e. < 10^14 minor units. At 14
 * digits every amount is exact as a JSON number too, and 90 such amounts still add up below
 * Number.MAX_SAFE_INTEGER (sums are checked anyway).
 */
export const maxAmountMinor = 99_999_999_999_999;

export function isAmountInRange(minor: bigint | number): boolean {
  const value = BigInt(minor);
  return value <= BigInt(maxAmountMinor) && value >= -BigInt(maxAmountMinor);
}

/** The error of a computed amount outside ±maxAmountMinor (a 400 at the API, a failed step inside one). */
export function amountOutOfRange(what: string, fields: readonly string[] = []): CheckoutError {
  return new CheckoutError(
    'NUMBER_OUTSIDE_VALID_RANGE',
    400,
    `${what} is outside the valid range of amounts (at most ${formatMinorUnits(maxAmountMinor)} in absolute value)`,
    fields,
  );
}

/** The exact amount as a number, or NUMBER_OUTSIDE_VALID_RANGE. */
export function checkedMinor(minor: bigint, what: string, fields: readonly string[] = []): number {
  if (!isAmountInRange(minor)) throw amountOutOfRange(what, fields);
  return Number(minor);
}

/**
 * Minor units of a decimal amount (a JSON number or plain decimal text); null when it is not
 * one with at most 2 decimals, or is outside ±maxAmountMinor.
 */
export function toMinorUnits(value: unknown): number | null {
  const minor = toScaledInteger(value, moneyScale);
  return minor === null || !isAmountInRange(minor) ? null : Number(minor);
}

/** The amount as a JSON number with at most 2 decimals (shortest round-trip text). */
export function fromMinorUnits(minor: number): number {
  return minor / minorPerMajor;
}

/** The amount as exact decimal text, e.g. 12345 → "123.45". */
export function formatMinorUnits(minor: number): string {
  const sign = minor < 0 ? '-' : '';
  const absolute = Math.abs(minor)
    .toString()
    .padStart(moneyScale + 1, '0');
  return `${sign}${absolute.slice(0, -moneyScale)}.${absolute.slice(-moneyScale)}`;
}

/**
 * unitMinor × quantity (in ten-thousandths), rounded half away from zero to a whole minor
 * unit; NUMBER_OUTSIDE_VALID_RANGE when the exact result is outside ±maxAmountMinor.
 */
export function multiplyMinor(unitMinor: number, quantityTenThousandths: number): number {
  const product = BigInt(unitMinor) * BigInt(quantityTenThousandths);
  return checkedMinor(
    divideRoundingHalfAway(product, 10n ** BigInt(quantityScale)),
    `${formatMinorUnits(unitMinor)} × ${formatQuantity(quantityTenThousandths)}`,
  );
}

/** The exact sum of amounts, or NUMBER_OUTSIDE_VALID_RANGE naming `what`. */
export function sumMinor(amounts: readonly number[], what: string): number {
  return checkedMinor(
    amounts.reduce((sum, amount) => sum + BigInt(amount), 0n),
    what,
  );
}

/** Digits of a percentage kept exactly (8.125 % is fine; 8.1234567 % is refused). */
const percentScale = 6;

/** `percent` % of `minor`, rounded half away from zero to a whole minor unit (12.5 % of 101 → 13). */
export function percentOfMinor(minor: number, percent: number): number {
  const scaled = toScaledInteger(percent, percentScale);
  if (scaled === null) throw new RangeError(`Percentage ${percent} has more than ${percentScale} decimals`);
  return checkedMinor(
    divideRoundingHalfAway(BigInt(minor) * scaled, 100n * 10n ** BigInt(percentScale)),
    `${percent} % of ${formatMinorUnits(minor)}`,
  );
}

/**
 * Splits `totalMinor` over parts in proportion to `weights` (non-negative minor amounts) so the
 * shares add up to exactly the total: each share is rounded down, then the units left over go
 * to the largest remainders (earliest part first on ties). All weights zero → all to the first.
 */
export function allocateMinor(totalMinor: number, weights: readonly number[]): number[] {
  if (weights.length === 0) return [];
  const sum = weights.reduce((acc, weight) => acc + BigInt(weight), 0n);
  if (sum === 0n) return weights.map((_, index) => (index === 0 ? totalMinor : 0));
  const sign = totalMinor < 0 ? -1n : 1n;
  const total = BigInt(Math.abs(totalMinor));
  const shares = weights.map((weight) => (total * BigInt(weight)) / sum);
  const remainders = weights.map((weight, index) => ({ index, rest: (total * BigInt(weight)) % sum }));
  let left = total - shares.reduce((acc, share) => acc + share, 0n);
  remainders.sort((a, b) => (a.rest === b.rest ? a.index - b.index : a.rest > b.rest ? -1 : 1));
  for (const { index } of remainders) {
    if (left === 0n) break;
    shares[index] = shares[index]! + 1n;
    left -= 1n;
  }
  return shares.map((share) => Number(sign * share));
}
