import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CheckoutError } from '../src/domain/errors.js';
import { formatMinorUnits, fromMinorUnits, maxAmountMinor, multiplyMinor, toMinorUnits } from '../src/domain/money.js';
import { formatQuantity, parseQuantity, toQuantityTenThousandths as tenThousandths } from '../src/domain/quantity.js';

describe('exact money', () => {
  it('parses decimal text and numbers into minor units without floating point error', () => {
    expect(toMinorUnits('0.10')).toBe(10);
    expect(toMinorUnits(0.1)).toBe(10);
    expect(toMinorUnits('1234.5')).toBe(123450);
    expect(toMinorUnits('-3.07')).toBe(-307);
    expect(toMinorUnits(1e21)).toBeNull();
    expect(toMinorUnits('1.234')).toBeNull();
    expect(toMinorUnits('abc')).toBeNull();
    expect(toMinorUnits('')).toBeNull();
  });

  it('totals 1,000 lines at 0.10 × 3 to exactly 300.00', () => {
    let total = 0;
    for (let line = 0; line < 1000; line += 1) total += multiplyMinor(toMinorUnits('0.10')!, tenThousandths(3));
    expect(formatMinorUnits(total)).toBe('300.00');
    expect(fromMinorUnits(total)).toBe(300);
  });

  it('rounds fractional quantities half away from zero', () => {
    expect(multiplyMinor(333, tenThousandths(0.5))).toBe(167);
    expect(multiplyMinor(-333, tenThousandths(0.5))).toBe(-167);
    expect(multiplyMinor(199, tenThousandths(2.25))).toBe(448);
  });

  it('formats and parses back every amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), (minor) => {
        expect(toMinorUnits(formatMinorUnits(minor))).toBe(minor);
        expect(toMinorUnits(fromMinorUnits(minor))).toBe(minor);
      }),
    );
  });
});

describe('exact products within the documented ranges', () => {
  /** An independent oracle: the decimal texts' digits multiplied, rounded half away from zero. */
  const exactTotal = (priceText: string, quantityText: string) => {
    const [whole = '0', fraction = ''] = quantityText.split('.');
    const product = BigInt(priceText.replace('.', '')) * BigInt(whole + fraction.padEnd(4, '0'));
    return (product + 5_000n) / 10_000n;
  };

  it('equals the exact BigInt product rounded half away from zero, or refuses it out of range', () => {
    const quantity = fc
      .tuple(fc.integer({ min: 0, max: 1_000_000_000 }), fc.integer({ min: 0, max: 9999 }))
      .filter(([whole, fraction]) => (whole > 0 || fraction > 0) && (whole < 1_000_000_000 || fraction === 0))
      .map(([whole, fraction]) => `${whole}.${String(fraction).padStart(4, '0')}`);
    const price = fc
      .oneof(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 99_999_999_999_999 }))
      .map((minor) => `${Math.trunc(minor / 100)}.${String(minor % 100).padStart(2, '0')}`);
    fc.assert(
      fc.property(price, quantity, (priceText, quantityText) => {
        const expected = exactTotal(priceText, quantityText);
        const compute = () => multiplyMinor(toMinorUnits(priceText)!, tenThousandths(quantityText));
        if (expected > BigInt(maxAmountMinor)) {
          expect(compute).toThrow(CheckoutError);
          expect(compute).toThrow(/outside the valid range of amounts/);
        } else {
          expect(compute()).toBe(Number(expected));
          expect(tenThousandths(Number(quantityText))).toBe(tenThousandths(quantityText));
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses 9,999,999,999 × 90,071,992,547.40 instead of storing an inexact number', () => {
    expect(parseQuantity(9_999_999_999)).toBe('outOfRange');
    const overflow = () => multiplyMinor(9_007_199_254_740, 9_999_999_999 * 10_000);
    expect(overflow).toThrow(CheckoutError);
    expect(overflow).toThrow('90071992547.40 × 9999999999 is outside the valid range of amounts');
    expect(multiplyMinor(9_007_199_254_740, 11 * 10_000)).toBe(99_079_191_802_140);
  });

  it('parses only JSON numbers and plain decimal text, never rounding', () => {
    for (const text of ['0x10', '1e3', ' 12', '12 ', 'Infinity', 'NaN', '0b11', '+1', '.5', '', '1.']) {
      expect(parseQuantity(text)).toBe('invalid');
      expect(toMinorUnits(text)).toBeNull();
    }
    expect(parseQuantity(Number.POSITIVE_INFINITY)).toBe('invalid');
    expect(parseQuantity(1.00001)).toBe('invalid');
    expect(parseQuantity('2.50000')).toBe(25_000);
    expect(parseQuantity(0.0001)).toBe(1);
    expect(toMinorUnits(1_000_000_000_000)).toBeNull();
    expect(toMinorUnits('999999999999.99')).toBe(maxAmountMinor);
    expect(formatQuantity(25_000)).toBe('2.5');
    expect(formatQuantity(1)).toBe('0.0001');
  });
});
