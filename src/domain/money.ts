/**
 * Exact money. Amounts are integers counting the currency's minor unit (cents for a scale of
 * 2); quantities are decimals with at most 4 places, scaled to integers for multiplication.
 * Binary floating point never touches an amount: parsing goes through the decimal text, and
 * products are computed with BigInt (docs/decisions/0002-money.md).
 */

export const moneyScale = 2;
const minorPerMajor = 10 ** moneyScale;
const quantityScale = 4;

function decimalParts(
  value: number | string,
  maxScale: number,
): { sign: bigint; digits: bigint; scale: number } | null {
  const text = typeof value === 'number' ? numberToPlainText(value) : value.trim();
  const match = /^([+-]?)(\d+)(?:\.(\d+))?$/.exec(text) ?? /^([+-]?)()\.(\d+)$/.exec(text);
  if (match === null) return null;
  const fraction = (match[3] ?? '').replace(/0+$/, '');
  if (fraction.length > maxScale) return null;
  return {
    sign: match[1] === '-' ? -1n : 1n,
    digits: BigInt((match[2] === '' ? '0' : match[2]!) + fraction),
    scale: fraction.length,
  };
}

/** The shortest decimal text of a number, without exponent notation. */
function numberToPlainText(value: number): string {
  if (!Number.isFinite(value)) return 'NaN';
  const text = String(value);
  if (!/e/i.test(text)) return text;
  return value.toFixed(20).replace(/\.?0+$/, '');
}

/** Minor units of a decimal amount; null when it is not a number with at most 2 decimals. */
export function toMinorUnits(value: number | string): number | null {
  const parts = decimalParts(value, moneyScale);
  if (parts === null) return null;
  const minor = parts.sign * parts.digits * 10n ** BigInt(moneyScale - parts.scale);
  if (minor > BigInt(Number.MAX_SAFE_INTEGER) || minor < -BigInt(Number.MAX_SAFE_INTEGER)) return null;
  return Number(minor);
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

/** True when the quantity is a positive decimal with at most 4 places. */
export function isValidQuantity(quantity: number): boolean {
  const parts = decimalParts(quantity, quantityScale);
  return parts !== null && parts.sign > 0n && parts.digits > 0n;
}

/** unitMinor × quantity, rounded half away from zero to a whole minor unit. */
export function multiplyMinor(unitMinor: number, quantity: number): number {
  const parts = decimalParts(quantity, quantityScale);
  if (parts === null) throw new RangeError(`Quantity ${quantity} has more than ${quantityScale} decimals`);
  const divisor = 10n ** BigInt(parts.scale);
  const product = BigInt(unitMinor) * parts.sign * parts.digits;
  const half = divisor / 2n;
  const rounded = product >= 0n ? (product + half) / divisor : -((-product + half) / divisor);
  return Number(parts.scale === 0 ? product : rounded);
}

/** Digits of a percentage kept exactly (8.125 % is fine; 8.1234567 % is refused). */
const percentScale = 6;

/** `percent` % of `minor`, rounded half away from zero to a whole minor unit (12.5 % of 101 → 13). */
export function percentOfMinor(minor: number, percent: number): number {
  const parts = decimalParts(percent, percentScale);
  if (parts === null) throw new RangeError(`Percentage ${percent} has more than ${percentScale} decimals`);
  const divisor = 100n * 10n ** BigInt(parts.scale);
  const product = BigInt(minor) * parts.sign * parts.digits;
  const half = divisor / 2n;
  return Number(product >= 0n ? (product + half) / divisor : -((-product + half) / divisor));
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
