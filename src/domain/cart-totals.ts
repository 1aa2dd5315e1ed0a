/**
 * The totals of a cart from its lines — one definition used after every pricing step, by the
 * seed and by the tests, so cart and item amounts never disagree. All amounts in minor units.
 *
 * Per line: TotalPrice = TotalLineAmount + TotalAdjustmentAmount (adjustments are ≤ 0).
 * Per cart: TotalProductAmount and TotalChargeAmount are the lines' amounts before
 * adjustments, TotalAdjustmentAmount and TotalTaxAmount the sums over all lines, and
 * GrandTotalAmount = TotalProductAmount + TotalChargeAmount + TotalAdjustmentAmount + TotalTaxAmount.
 * A line without a price yet counts as zero. Sums are exact; one outside the range of amounts
 * (or of quantity sums, for TotalProductCount) is NUMBER_OUTSIDE_VALID_RANGE, never rounded.
 * Quantities are in ten-thousandths (src/domain/quantity.ts).
 */
import { sumMinor } from './money.js';
import { sumQuantities } from './quantity.js';

export interface CartLineAmounts {
  readonly type: string;
  /** Ten-thousandths of a unit. */
  readonly quantity: number;
  readonly totalLineAmount: number | null;
  readonly totalAdjustmentAmount: number;
  readonly totalTaxAmount: number;
}

export interface CartTotals {
  readonly totalProductAmount: number;
  readonly totalChargeAmount: number;
  readonly totalAdjustmentAmount: number;
  readonly totalTaxAmount: number;
  readonly grandTotalAmount: number;
  readonly totalProductCount: number;
}

export function cartTotalsOf(lines: readonly CartLineAmounts[]): CartTotals {
  const products = lines.filter((line) => line.type !== 'Charge');
  const charges = lines.filter((line) => line.type === 'Charge');
  const totalProductAmount = sumMinor(
    products.map((line) => line.totalLineAmount ?? 0),
    "The cart's TotalProductAmount",
  );
  const totalChargeAmount = sumMinor(
    charges.map((line) => line.totalLineAmount ?? 0),
    "The cart's TotalChargeAmount",
  );
  const totalAdjustmentAmount = sumMinor(
    lines.map((line) => line.totalAdjustmentAmount),
    "The cart's TotalAdjustmentAmount",
  );
  const totalTaxAmount = sumMinor(
    lines.map((line) => line.totalTaxAmount),
    "The cart's TotalTaxAmount",
  );
  return {
    totalProductAmount,
    totalChargeAmount,
    totalAdjustmentAmount,
    totalTaxAmount,
    grandTotalAmount: sumMinor(
      [totalProductAmount, totalChargeAmount, totalAdjustmentAmount, totalTaxAmount],
      "The cart's GrandTotalAmount",
    ),
    totalProductCount: sumQuantities(
      products.map((line) => line.quantity),
      "The cart's TotalProductCount",
    ),
  };
}
