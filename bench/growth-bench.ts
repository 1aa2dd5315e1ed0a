/**
 * growth: how time grows with the size of a cart and with the number of buyers.
 * - each step of one checkout (the action call through the end of its operation) for carts of
 *   1, 10, 100 and 1,000 lines, with the time per line, so linear growth shows as a flat
 *   per-line figure and an N+1 query shows as the per-line cost of a round trip;
 * - full checkouts per second in process for 1, 4, 16, 64 and 256 concurrent buyers.
 */
import type { BenchOptions } from './bench-options.js';
import type { BenchResults } from './bench-results.js';
import { assertNoFailures } from './drive-checkouts.js';
import { runInProcessLoad } from './inprocess-bench.js';
import { printFigure } from './print-figure.js';

const lineCounts = [1, 10, 100, 1_000] as const;
const buyerCounts = [1, 4, 16, 64, 256] as const;

export async function runGrowthBench(options: BenchOptions, results: BenchResults): Promise<void> {
  for (const lineCount of lineCounts) {
    // Several checkouts of the small carts, one at a time; the medians are the figures.
    const checkouts = options.isQuick ? 1 : lineCount >= 1_000 ? 3 : 10;
    const run = await runInProcessLoad({ workers: 1, concurrency: 1, checkouts, maxMs: 60_000, lineCount });
    assertNoFailures(`growth.lines_${lineCount}`, run.drive);
    for (const key of run.latencies.keys()) {
      if (!key.startsWith('step.') && key !== 'checkout.total') continue;
      const ms = run.latencies.quantile(key, 0.5);
      printFigure(`growth.lines_${lineCount}.${key}`, ms, 'ms');
      printFigure(`growth.lines_${lineCount}.${key}.per_line`, ms / lineCount, 'ms/line');
      results.set(`growth.lines_${lineCount}.${key}`, ms);
    }
  }
  for (const buyers of buyerCounts) {
    const run = await runInProcessLoad({
      workers: 1,
      concurrency: buyers,
      checkouts: options.isQuick ? Math.min(buyers, 16) : Math.min(options.checkouts, Math.max(300, buyers * 4)),
      maxMs: Math.min(options.maxSeconds, 6) * 1000,
    });
    assertNoFailures(`growth.buyers_${buyers}`, run.drive);
    printFigure(`growth.checkouts_per_s.buyers_${buyers}`, run.drive.checkoutsPerSecond, 'checkouts/s');
    printFigure(`growth.checkout.total.p50.buyers_${buyers}`, run.latencies.quantile('checkout.total', 0.5), 'ms');
  }
}
