/**
 * The totals of a cart from its lines — one definition used after every pricing step, by the
 * seed and by the tests, so cart and item amounts never disagree. All amounts in minor units.
 *
 * Per line: TotalPrice = TotalLineAmount + TotalAdjustmentAmount (adjustments are ≤ 0).
 * Per cart: TotalProductAmount and TotalChargeAmount are the lines' amounts before
 * adjustments, TotalAdjustmentAmount and TotalTaxAmount the sums over all lines, and
 * GrandTotalAmount = TotalProductAmount + TotalChargeAmount + TotalAdjustmentAmount + TotalTaxAmount.
 * A line without a price yet counts as zero.
 */

export interface CartLineAmounts {
  readonly type: string;
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
  let totalProductAmount = 0;
  let totalChargeAmount = 0;
  let totalAdjustmentAmount = 0;
  let totalTaxAmount = 0;
  let totalProductCount = 0;
  for (const line of lines) {
    if (line.type === 'Charge') totalChargeAmount += line.totalLineAmount ?? 0;
    else {
      totalProductAmount += line.totalLineAmount ?? 0;
      totalProductCount += line.quantity;
    }
    totalAdjustmentAmount += line.totalAdjustmentAmount;
    totalTaxAmount += line.totalTaxAmount;
  }
  return {
    totalProductAmount,
    totalChargeAmount,
    totalAdjustmentAmount,
    totalTaxAmount,
    grandTotalAmount: totalProductAmount + totalChargeAmount + totalAdjustmentAmount + totalTaxAmount,
    totalProductCount,
  };
}
