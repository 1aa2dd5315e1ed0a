/**
 * The Price service: the unit prices of the cart's product lines for the cart's account.
 *
 * Implementers: `priceLines` only reads and may be called any number of times for the same
 * cart (a re-run replaces the earlier prices). Answer one `LinePrice` per line you can price;
 * a line you leave out gets an `Error` output ("no price") and fails the step. Return
 * `status: 'FAILED'` (or an `Error` message) for a business refusal: it is not retried. Throw,
 * or fail to answer within the operation's Timeout (`signal` is aborted then), for a system
 * failure: the operation is retried up to its RetryLimit, then fails with a SystemError output.
 * The engine computes the line totals from your unit prices; you never send totals.
 */
import { z } from 'zod';
import { minorAmount, providerResultSchema, type CartContext, type ProviderResult } from '../provider-result.js';

export interface PriceLine {
  readonly cartItemId: string;
  readonly product2Id: string;
  readonly sku: string | null;
  readonly quantity: number;
}

export interface LinePrice {
  readonly cartItemId: string;
  /** The undiscounted unit price shown struck through; equal to the sales price when there is none. */
  readonly listPriceMinor: number;
  /** The unit price the buyer pays before promotions. */
  readonly salesPriceMinor: number;
}

export interface PriceRequest extends CartContext {
  readonly lines: readonly PriceLine[];
}

export interface PriceResponse extends ProviderResult {
  readonly prices: readonly LinePrice[];
}

export interface PriceProvider {
  priceLines(request: PriceRequest, signal: AbortSignal): Promise<PriceResponse>;
}

export const priceResponseSchema = providerResultSchema.extend({
  prices: z.array(
    z.object({
      cartItemId: z.string(),
      listPriceMinor: minorAmount.nonnegative(),
      salesPriceMinor: minorAmount.nonnegative(),
    }),
  ),
});
