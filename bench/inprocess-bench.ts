/**
 * inprocess: full standard checkouts per second on an embedded SQLite file, with 1 and 2
 * worker loops and many checkouts in flight; p50/p99 of every action call and of every
 * operation type; peak RSS.
 */
import { createEngine, type Engine } from '../src/engine.js';
import { createSqliteDatabase } from './bench-database.js';
import type { BenchOptions } from './bench-options.js';
import type { BenchResults } from './bench-results.js';
import { createBenchCarts, seedBenchStore, type BenchStore } from './bench-store.js';
import { withCpuProfile } from './cpu-profile.js';
import { assertNoFailures, driveCheckouts, type DriveResult } from './drive-checkouts.js';
import { createInProcessTransport, createOperationWatch, type OperationWatch } from './in-process-transport.js';
import { createLatencyRecorder, type LatencyRecorder } from './latency-recorder.js';
import { printFigure, printNote } from './print-figure.js';
import { runStandardCheckout } from './run-standard-checkout.js';

/** Checkouts in flight: enough that a worker loop always finds work. */
export const inProcessConcurrency = 32;

export interface InProcessRun {
  readonly drive: DriveResult;
  readonly latencies: LatencyRecorder;
}

export interface InProcessRunOptions {
  readonly workers: number;
  readonly concurrency: number;
  readonly checkouts: number;
  readonly maxMs: number;
  readonly lineCount?: number;
  /** Products in the store (a cart's lines are distinct products). */
  readonly productCount?: number;
  readonly onQuery?: (query: { readonly sql: string; readonly durationMs: number }) => void;
  /** Wraps the measured phase (a CPU profile). */
  readonly measure?: <T>(work: () => Promise<T>) => Promise<T>;
}

/** A fresh database, engine and store, then `checkouts` full checkouts under load. */
export async function runInProcessLoad(options: InProcessRunOptions): Promise<InProcessRun> {
  const database = createSqliteDatabase();
  const watch = createOperationWatch();
  const latencies = createLatencyRecorder();
  const engine = await createEngine({
    databaseUrl: database.url,
    workers: options.workers,
    onWorkerEvent: (event) => {
      watch.onWorkerEvent(event);
      if (event.kind === 'finished' && event.operation !== undefined && event.durationMs !== undefined) {
        latencies.record(`operation.${event.operation.type}`, event.durationMs);
      }
    },
    onError: (error, context) => printNote(`engine error in ${context}: ${String(error)}`),
    ...(options.onQuery === undefined ? {} : { onQuery: options.onQuery }),
  });
  try {
    const bench = await seedBenchStore(engine.store, options.productCount ?? Math.max(50, options.lineCount ?? 3));
    const lineCount = options.lineCount ?? 3;
    // A few checkouts first: compiled code paths and warm caches, as in a running server.
    const warmUp = await createBenchCarts(engine.store, bench, lineCount > 100 ? 1 : 10, lineCount);
    await checkOutAll(engine, bench, watch, warmUp, 2, () => undefined);
    const carts = await createBenchCarts(engine.store, bench, options.checkouts, lineCount);
    const measure = options.measure ?? ((work) => work());
    const drive = await measure(() =>
      driveCheckouts({
        carts,
        concurrency: options.concurrency,
        maxMs: options.maxMs,
        checkOut: (cart) =>
          runStandardCheckout(
            createInProcessTransport(engine, cart.buyer.userId, watch),
            cart.cartId,
            bench.setup.deliveryMethodIds[0]!,
            (key, ms) => latencies.record(key, ms),
          ),
      }),
    );
    return { drive, latencies };
  } finally {
    await engine.close();
    await database.drop();
  }
}

async function checkOutAll(
  engine: Engine,
  bench: BenchStore,
  watch: OperationWatch,
  carts: Awaited<ReturnType<typeof createBenchCarts>>,
  concurrency: number,
  record: (key: string, ms: number) => void,
): Promise<void> {
  const result = await driveCheckouts({
    carts,
    concurrency,
    maxMs: 60_000,
    checkOut: (cart) =>
      runStandardCheckout(
        createInProcessTransport(engine, cart.buyer.userId, watch),
        cart.cartId,
        bench.setup.deliveryMethodIds[0]!,
        record,
      ),
  });
  assertNoFailures('warm-up', result);
}

export async function runInProcessBench(options: BenchOptions, results: BenchResults): Promise<void> {
  for (const workers of [1, 2]) {
    const name = `inprocess.workers_${workers}`;
    const run = await runInProcessLoad({
      workers,
      concurrency: inProcessConcurrency,
      checkouts: options.checkouts,
      maxMs: options.maxSeconds * 1000,
      measure: (work) => withCpuProfile(options.isProfiling, `inprocess-workers_${workers}`, work),
    });
    assertNoFailures(name, run.drive);
    results.set(`inprocess.checkouts_per_s.workers_${workers}`, run.drive.checkoutsPerSecond);
    printFigure(`inprocess.checkouts_per_s.workers_${workers}`, run.drive.checkoutsPerSecond, 'checkouts/s');
    printFigure(`inprocess.checkouts.workers_${workers}`, run.drive.completed, 'checkouts');
    run.latencies.print(name);
  }
  printFigure('inprocess.peak_rss', process.resourceUsage().maxRSS / 1024, 'MiB');
}
