/**
 * The Tax service: the taxes of each line of a priced cart, after its discounts.
 *
 * Implementers: `calculateTaxes` only reads and may run any number of times; its answer
 * replaces every earlier tax of the cart. Return one `LineTax` per tax per line (a line may
 * carry several, e.g. state and city); a line you leave out is not taxed. Amounts are ≥ 0, in
 * minor units, already rounded as your jurisdiction requires: the engine adds them up and never
 * recomputes them. Status, messages, throws and time limits as for the Price service.
 */
import { z } from 'zod';
import { taxTypes } from '../../domain/vocabulary.js';
import {
  minorAmount,
  providerResultSchema,
  type Address,
  type CartContext,
  type ProviderResult,
} from '../provider-result.js';

export interface TaxLine {
  readonly cartItemId: string;
  readonly type: 'Product' | 'Charge';
  readonly product2Id: string | null;
  readonly sku: string | null;
  readonly quantity: number;
  /** The line's amount after discounts: TotalLineAmount + TotalAdjustmentAmount. */
  readonly taxableAmountMinor: number;
  readonly deliverTo: Address;
}

export interface LineTax {
  readonly cartItemId: string;
  readonly name: string;
  readonly amountMinor: number;
  /** Percent (8.25 = 8.25 %), when the tax is a rate. */
  readonly ratePercent: number | null;
  /** Default `Actual`. */
  readonly taxType?: 'Actual' | 'Estimated';
}

export interface TaxRequest extends CartContext {
  readonly lines: readonly TaxLine[];
}

export interface TaxResponse extends ProviderResult {
  readonly taxes: readonly LineTax[];
}

export interface TaxProvider {
  calculateTaxes(request: TaxRequest, signal: AbortSignal): Promise<TaxResponse>;
}

export const taxResponseSchema = providerResultSchema.extend({
  taxes: z.array(
    z.object({
      cartItemId: z.string(),
      name: z.string().min(1).max(255),
      amountMinor: minorAmount.nonnegative(),
      ratePercent: z.number().nullable(),
      taxType: z.enum(taxTypes).optional(),
    }),
  ),
});
