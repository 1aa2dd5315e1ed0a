import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMinorUnits, fromMinorUnits, multiplyMinor, toMinorUnits } from '../src/domain/money.js';

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
    for (let line = 0; line < 1000; line += 1) total += multiplyMinor(toMinorUnits('0.10')!, 3);
    expect(formatMinorUnits(total)).toBe('300.00');
    expect(fromMinorUnits(total)).toBe(300);
  });

  it('rounds fractional quantities half away from zero', () => {
    expect(multiplyMinor(333, 0.5)).toBe(167);
    expect(multiplyMinor(-333, 0.5)).toBe(-167);
    expect(multiplyMinor(199, 2.25)).toBe(448);
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
