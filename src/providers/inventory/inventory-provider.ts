/**
 * The Inventory service: how much of each product the store can sell now.
 *
 * Implementers: `checkAvailability` only reads; it may be called any number of times for the
 * same cart (steps are re-run) and must answer for every product asked about. Throwing, or not
 * answering within the operation's Timeout, fails the step with a SystemError output and the
 * operation is retried up to its RetryLimit. Reservation and sale are done by the engine on
 * `ProductInventory` with guarded updates, so concurrent checkouts never oversell.
 */

export interface InventoryLine {
  readonly product2Id: string;
  readonly sku: string | null;
  readonly productName: string;
  /** Total quantity of the product across the cart's lines, in units with at most 4 decimals (2.5). */
  readonly quantity: number;
}

export interface Availability {
  readonly product2Id: string;
  /**
   * Units that can be sold now, a decimal with at most 4 places (more is an invalid answer: the
   * engine compares exactly, it does not round); null when the product's stock is not tracked
   * (always available).
   */
  readonly available: number | null;
}

export interface InventoryProvider {
  checkAvailability(
    request: { readonly storeId: string; readonly lines: readonly InventoryLine[] },
    signal: AbortSignal,
  ): Promise<readonly Availability[]>;
}
