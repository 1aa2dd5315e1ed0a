/**
 * The one parser behind every exact number of the API (amounts, quantities, percentages,
 * integers): a JSON number, or plain decimal text `-?digits[.digits]` — nothing else. `Number()`
 * would also take "0x10", "1e3", " 12 ", "Infinity" and "0b11", and silently round; here such
 * text is refused, and so is a value with more decimals than the field keeps (never rounded).
 */

const plainDecimal = /^(-?)(\d+)(?:\.(\d+))?$/;

/** The shortest decimal text of a number, without exponent notation (NaN for non-finite). */
function numberToPlainText(value: number): string {
  if (!Number.isFinite(value)) return 'NaN';
  const text = String(value);
  if (!/e/i.test(text)) return text;
  return value.toFixed(20).replace(/\.?0+$/, '');
}

/**
 * `value` × 10^scale as an exact BigInt, or null when `value` is not a finite JSON number or
 * plain decimal text, or has non-zero digits beyond `scale` decimals.
 */
export function toScaledInteger(value: unknown, scale: number): bigint | null {
  let text: string;
  if (typeof value === 'number') text = numberToPlainText(value);
  else if (typeof value === 'string') text = value;
  else return null;
  const match = plainDecimal.exec(text);
  if (match === null) return null;
  const fraction = (match[3] ?? '').replace(/0+$/, '');
  if (fraction.length > scale) return null;
  const scaled = BigInt(match[2]! + fraction.padEnd(scale, '0'));
  return match[1] === '-' ? -scaled : scaled;
}

/** `dividend` / `divisor` rounded half away from zero (divisor > 0). */
export function divideRoundingHalfAway(dividend: bigint, divisor: bigint): bigint {
  const half = divisor / 2n;
  return dividend >= 0n ? (dividend + half) / divisor : -((-dividend + half) / divisor);
}
