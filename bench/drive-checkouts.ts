/**
 * A bounded load: `concurrency` virtual buyers, each taking the next cart and checking it out,
 * until the carts run out or the time is up (checkouts in flight then finish). Never unbounded.
 */

export interface DriveOptions<Cart> {
  readonly carts: readonly Cart[];
  readonly concurrency: number;
  /** No new checkout starts after this long. */
  readonly maxMs: number;
  readonly checkOut: (cart: Cart, buyerIndex: number) => Promise<void>;
}

export interface DriveResult {
  readonly completed: number;
  readonly failed: number;
  readonly elapsedMs: number;
  readonly checkoutsPerSecond: number;
  readonly firstError: unknown;
}

export async function driveCheckouts<Cart>(options: DriveOptions<Cart>): Promise<DriveResult> {
  let next = 0;
  let completed = 0;
  let failed = 0;
  let firstError: unknown = undefined;
  const startedMs = performance.now();
  const buyer = async (buyerIndex: number) => {
    while (next < options.carts.length && performance.now() - startedMs < options.maxMs) {
      const cart = options.carts[next]!;
      next += 1;
      try {
        await options.checkOut(cart, buyerIndex);
        completed += 1;
      } catch (error) {
        failed += 1;
        firstError ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, (_, index) => buyer(index)));
  const elapsedMs = performance.now() - startedMs;
  return { completed, failed, elapsedMs, checkoutsPerSecond: (completed * 1000) / elapsedMs, firstError };
}

/** Throws the first error of a run: a benchmark whose checkouts fail measures nothing. */
export function assertNoFailures(name: string, result: DriveResult): void {
  if (result.failed > 0) {
    const reason = result.firstError instanceof Error ? result.firstError.message : String(result.firstError);
    throw new Error(`${name}: ${result.failed} checkout(s) failed; first: ${reason}`);
  }
}
