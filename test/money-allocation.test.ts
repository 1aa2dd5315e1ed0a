import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateMinor, percentOfMinor } from '../src/domain/money.js';

describe('percentages and allocation of minor units', () => {
  it('takes a percentage exactly, rounding half away from zero', () => {
    expect(percentOfMinor(101, 12.5)).toBe(13);
    expect(percentOfMinor(2278, 7.25)).toBe(165);
    expect(percentOfMinor(3000, 8.875)).toBe(266);
    expect(percentOfMinor(-101, 12.5)).toBe(-13);
    expect(percentOfMinor(1, 0.1)).toBe(0);
  });

  it('splits any amount into shares that add up to it exactly, each near its proportion', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1_000_000, max: 1_000_000 }),
        fc.array(fc.integer({ min: 0, max: 10_000_000 }), { minLength: 1, maxLength: 50 }),
        (total, weights) => {
          const shares = allocateMinor(total, weights);
          expect(shares.reduce((sum, share) => sum + share, 0)).toBe(total);
          const weightSum = weights.reduce((sum, weight) => sum + weight, 0);
          if (weightSum === 0) return;
          shares.forEach((share, index) => {
            expect(Math.abs(share - (total * weights[index]!) / weightSum)).toBeLessThan(1);
          });
        },
      ),
    );
  });
});
