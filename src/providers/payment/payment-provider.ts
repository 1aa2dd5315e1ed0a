/**
 * The Payment service: authorizes an amount for a cart's checkout (SPEC.md section 9).
 *
 * Implementers: `authorizePayment` is the one call here that moves money, so it must be
 * idempotent on `idempotencyKey`: the engine sends the same key, amount and payment method
 * again when an earlier call's outcome is unknown (it threw, timed out, or the process died
 * meanwhile), and your gateway must then answer the first outcome instead of charging again.
 * Pass the key to your gateway as its idempotency key. A new key means a new attempt (the
 * buyer tried again after a decline).
 *
 * Answer `SUCCESS` when the amount is authorized (with the gateway's reference), `FAILED` when
 * it is declined: the engine records the authorization as `Processed` or `Failed` and a decline
 * becomes an `Error` output of type `Payment` carrying your `Error` message (write it for the
 * buyer: "The card was declined"). Throw, or let `signal` abort you, when you don't know the
 * outcome: the authorization stays `Pending` and the next attempt retries with the same key.
 */
import { z } from 'zod';
import { providerResultSchema, type Address, type CartContext, type ProviderResult } from '../provider-result.js';

/** How the cart is paid: a purchase order number, or a saved card's gateway token. */
export type PaymentInstrument =
  | { readonly kind: 'PurchaseOrder'; readonly poNumber: string | null }
  | {
      readonly kind: 'Card';
      readonly paymentMethodId: string;
      /** The gateway's token for the card, never a card number. */
      readonly gatewayToken: string;
      readonly cardType: string | null;
      readonly cardLastFour: string | null;
    };

export interface PaymentRequest extends CartContext {
  readonly checkoutSessionId: string;
  /** Unique per checkout session and attempt; the same on every retry of one attempt. */
  readonly idempotencyKey: string;
  /** The cart's grand total, in minor units. */
  readonly amountMinor: number;
  readonly instrument: PaymentInstrument;
  readonly billingAddress: Address;
}

export interface PaymentResponse extends ProviderResult {
  /** The gateway's reference of the authorization (or of the decline). */
  readonly gatewayRefNumber?: string | null;
  /** The gateway's own result code (`approved`, `card_declined`, …). */
  readonly gatewayResultCode?: string | null;
  readonly gatewayResultCodeDescription?: string | null;
}

export interface PaymentProvider {
  authorizePayment(request: PaymentRequest, signal: AbortSignal): Promise<PaymentResponse>;
}

export const paymentResponseSchema = providerResultSchema.extend({
  gatewayRefNumber: z.string().max(255).nullable().optional(),
  gatewayResultCode: z.string().max(255).nullable().optional(),
  gatewayResultCodeDescription: z.string().max(1000).nullable().optional(),
});
