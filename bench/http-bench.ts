/**
 * http: full checkouts per second over HTTP on 127.0.0.1 with our own bounded load client
 * (a checkout is a chain of dependent calls, which a request-rate tool cannot drive), at client
 * concurrency 1, 16 and 64, with per-action p50/p99. Layouts: one embedded server (SQLite);
 * with a PostgreSQL server, one server with its worker, and 3 servers + 2 workers on this machine.
 * On SQLite also checkouts driven by the built-in flow through the interview API (concurrency 1
 * and 16), with their ratio to the hand-chained checkout at the same concurrency.
 */
import { issueAccessToken } from '../src/access/access-tokens.js';
import { createEngine } from '../src/engine.js';
import {
  createPostgresDatabase,
  createSqliteDatabase,
  postgresServerUrl,
  type BenchDatabase,
} from './bench-database.js';
import type { BenchOptions } from './bench-options.js';
import type { BenchResults } from './bench-results.js';
import { createBenchCarts, seedBenchStore, type BenchCart } from './bench-store.js';
import { assertNoFailures, driveCheckouts } from './drive-checkouts.js';
import { createHttpFlowTransport } from './http-flow-transport.js';
import { createHttpTransport } from './http-transport.js';
import { createLatencyRecorder } from './latency-recorder.js';
import { printFigure, printNote } from './print-figure.js';
import { runFlowCheckout } from './run-flow-checkout.js';
import { runStandardCheckout, type RecordLatency } from './run-standard-checkout.js';
import { samplePostgres } from './sample-postgres.js';
import { spawnCheckoutProcess, type CheckoutProcess } from './spawn-checkout-process.js';

const concurrencies = [1, 16, 64] as const;
/** Flow checkouts: one buyer alone, and 16 (saturates one embedded server). */
const flowConcurrencies = [1, 16] as const;
const adminToken = 'bench-admin-token-0123456789abcdef';

interface Layout {
  readonly name: string;
  readonly start: (databaseUrl: string) => Promise<CheckoutProcess[]>;
  /** The client's `Prefer: wait` (s); 0 polls every 2 ms. Default 25. */
  readonly waitSeconds?: number;
  /** Client concurrencies measured; default 1, 16 and 64. */
  readonly concurrencies?: readonly number[];
}

const serve = (databaseUrl: string, extra: readonly string[] = []) =>
  spawnCheckoutProcess(['serve', '--port', '0', '--host', '127.0.0.1', '--db', databaseUrl, ...extra], {
    B2B_CHECKOUT_ADMIN_TOKEN: adminToken,
  });
const worker = (databaseUrl: string, extra: readonly string[] = []) =>
  spawnCheckoutProcess(['worker', '--db', databaseUrl, ...extra], { B2B_CHECKOUT_ADMIN_TOKEN: adminToken });

const oneServer: Layout = { name: 'server_1', start: async (url) => [await serve(url)] };
const threeServersTwoWorkers: Layout = {
  name: 'cluster_3x2',
  start: async (url) => {
    const servers = await Promise.all([0, 1, 2].map(() => serve(url, ['--no-worker'])));
    const workers = await Promise.all([0, 1].map(() => worker(url)));
    return [...servers, ...workers];
  },
};

/**
 * Both cores on one SQLite file (ADR 0020): the API in one process, the operations in another.
 * SQLite has no cross-process notices, so the worker polls every 2 ms and the client polls too;
 * compared with one process whose client polls the same way.
 */
const sqliteOneProcessPolling: Layout = {
  name: 'server_1_polling',
  start: async (url) => [await serve(url)],
  waitSeconds: 0,
  concurrencies: [16, 64],
};
const sqliteTwoProcesses: Layout = {
  name: 'server_1_worker_1_polling',
  start: async (url) => [await serve(url, ['--no-worker']), await worker(url, ['--poll-ms', '2'])],
  waitSeconds: 0,
  concurrencies: [16, 64],
};

/** Checkouts measured at one client concurrency (before the time bound). */
function perLevel(options: BenchOptions, concurrency: number): number {
  return Math.min(options.checkouts, options.isQuick ? Math.max(4, concurrency) : concurrency === 1 ? 300 : 1_500);
}

/** `flow.wait` → `flow_checkout.wait`, `checkout.total` → `flow_checkout.total`. */
const flowFigureKey = (key: string) =>
  `flow_checkout.${key === 'checkout.total' ? 'total' : key.replace(/^flow\./, '')}`;

type CheckOut = (cart: BenchCart, buyerIndex: number, record: RecordLatency) => Promise<void>;

/**
 * Flow checkouts at one concurrency: 4 carts of `carts` warm up, the rest are measured. Prints
 * `<name>.flow_checkouts_per_s.concurrency_N`, requests per checkout, the latencies as
 * `<name>.concurrency_N.flow_checkout.<start|navigate|wait|total>`, and the ratio to the
 * hand-chained checkout at the same concurrency when that was measured.
 */
async function measureFlowCheckouts(
  name: string,
  concurrency: number,
  carts: readonly BenchCart[],
  checkOut: CheckOut,
  options: BenchOptions,
  results: BenchResults,
): Promise<void> {
  const warmUp = await driveCheckouts({
    carts: carts.slice(0, 4),
    concurrency: 4,
    maxMs: 60_000,
    checkOut: (cart, index) => checkOut(cart, index, () => undefined),
  });
  assertNoFailures(`${name} flow warm-up`, warmUp);
  const latencies = createLatencyRecorder();
  let requests = 0;
  const drive = await driveCheckouts({
    carts: carts.slice(4),
    concurrency,
    maxMs: Math.min(options.maxSeconds, 8) * 1000,
    checkOut: (cart, index) =>
      checkOut(cart, index, (key, ms) => {
        if (key === 'request') requests += 1;
        else latencies.record(flowFigureKey(key), ms);
      }),
  });
  assertNoFailures(`${name} flow`, drive);
  const level = `concurrency_${concurrency}`;
  results.set(`${name}.flow_checkouts_per_s.${level}`, drive.checkoutsPerSecond);
  printFigure(`${name}.flow_checkouts_per_s.${level}`, drive.checkoutsPerSecond, 'checkouts/s');
  printFigure(`${name}.flow_requests_per_checkout.${level}`, requests / drive.completed, 'requests');
  latencies.print(`${name}.${level}`);
  const actions = results.get(`${name}.checkouts_per_s.${level}`);
  if (actions !== undefined) {
    printFigure(`${name}.flow_over_actions.${level}`, drive.checkoutsPerSecond / actions, 'ratio');
  }
}

interface Seeded {
  readonly carts: BenchCart[];
  readonly tokens: ReadonlyMap<string, string>;
  readonly deliveryMethodId: string;
}

async function seed(databaseUrl: string, cartCount: number): Promise<Seeded> {
  const engine = await createEngine({ databaseUrl, workers: 0 });
  try {
    const bench = await seedBenchStore(engine.store);
    const tokens = new Map<string, string>();
    for (const buyer of bench.store.buyers)
      tokens.set(buyer.userId, await issueAccessToken(engine.store.db, buyer.userId));
    const carts = await createBenchCarts(engine.store, bench, cartCount, 3);
    return { carts, tokens, deliveryMethodId: bench.setup.deliveryMethodIds[0]! };
  } finally {
    await engine.close();
  }
}

async function runLayout(
  database: BenchDatabase,
  databaseName: string,
  layout: Layout,
  options: BenchOptions,
  results: BenchResults,
  flowLevels: readonly number[] = [],
): Promise<void> {
  const levels = layout.concurrencies ?? concurrencies;
  const seeded = await seed(
    database.url,
    [...levels, ...flowLevels].reduce((sum, level) => sum + perLevel(options, level) + 4, 0),
  );
  const processes = await layout.start(database.url);
  const serverUrls = processes.flatMap((process) => (process.url === null ? [] : [process.url]));
  try {
    let offset = 0;
    // The smoke only checks that every layout completes checkouts: one level is enough.
    for (const concurrency of options.isQuick ? [16] : levels) {
      const name = `http.${databaseName}.${layout.name}`;
      const latencies = createLatencyRecorder();
      let requests = 0;
      const checkOut = (cart: BenchCart, buyerIndex: number, record: (key: string, ms: number) => void) =>
        runStandardCheckout(
          // Clients spread across servers, as behind a round-robin balancer.
          createHttpTransport(
            serverUrls[buyerIndex % serverUrls.length]!,
            seeded.tokens.get(cart.buyer.userId)!,
            record,
            layout.waitSeconds,
          ),
          cart.cartId,
          seeded.deliveryMethodId,
          record,
        );
      // Warm-up: connections open, code paths compiled in every server.
      const warmUp = seeded.carts.slice(offset, offset + 4);
      offset += 4;
      assertNoFailures(
        `${name} warm-up`,
        await driveCheckouts({
          carts: warmUp,
          concurrency: 4,
          maxMs: 60_000,
          checkOut: (cart, index) => checkOut(cart, index, () => undefined),
        }),
      );
      const carts = seeded.carts.slice(offset, offset + perLevel(options, concurrency));
      offset += carts.length;
      const sampler = databaseName === 'postgres' ? await samplePostgres(database.url) : null;
      const drive = await driveCheckouts({
        carts,
        concurrency,
        maxMs: Math.min(options.maxSeconds, 8) * 1000,
        checkOut: (cart, index) =>
          checkOut(cart, index, (key, ms) => {
            if (key === 'request') requests += 1;
            else latencies.record(key, ms);
          }),
      });
      assertNoFailures(name, drive);
      const level = `concurrency_${concurrency}`;
      results.set(`${name}.checkouts_per_s.${level}`, drive.checkoutsPerSecond);
      printFigure(`${name}.checkouts_per_s.${level}`, drive.checkoutsPerSecond, 'checkouts/s');
      printFigure(`${name}.requests_per_checkout.${level}`, requests / drive.completed, 'requests');
      printFigure(`${name}.waits_per_checkout.${level}`, latencies.count('wait') / drive.completed, 'requests');
      latencies.print(`${name}.${level}`);
      const load = await sampler?.stop();
      if (load !== undefined) {
        printFigure(`${name}.${level}.pg.transactions_per_checkout`, load.transactions / drive.completed, 'tx');
        printFigure(`${name}.${level}.pg.connections`, load.meanConnections, 'mean');
        printFigure(`${name}.${level}.pg.active`, load.meanActive, 'mean');
        printFigure(`${name}.${level}.pg.idle_in_transaction`, load.meanIdleInTransaction, 'mean');
        printFigure(`${name}.${level}.pg.lock_waits`, load.meanLockWaits, 'mean');
        printFigure(`${name}.${level}.pg.lwlock_waits`, load.meanLightweightLockWaits, 'mean');
      }
    }
    const name = `http.${databaseName}.${layout.name}`;
    for (const concurrency of flowLevels) {
      const carts = seeded.carts.slice(offset, offset + perLevel(options, concurrency) + 4);
      offset += carts.length;
      await measureFlowCheckouts(
        name,
        concurrency,
        carts,
        (cart, index, record) =>
          runFlowCheckout(
            createHttpFlowTransport(
              serverUrls[index % serverUrls.length]!,
              seeded.tokens.get(cart.buyer.userId)!,
              record,
            ),
            cart.cartId,
            record,
          ),
        options,
        results,
      );
    }
    // Never lower at higher load: checkouts/s at 64 clients over 16 (ADR 0020).
    const at16 = results.get(`${name}.checkouts_per_s.concurrency_16`);
    const at64 = results.get(`${name}.checkouts_per_s.concurrency_64`);
    if (at16 !== undefined && at64 !== undefined) printFigure(`${name}.c64_over_c16`, at64 / at16, 'ratio');
  } finally {
    await Promise.all(processes.map((process) => process.stop()));
  }
}

export async function runHttpBench(options: BenchOptions, results: BenchResults): Promise<void> {
  const sqlite = createSqliteDatabase();
  try {
    const flowLevels = options.isQuick ? [1] : flowConcurrencies;
    await runLayout(sqlite, 'sqlite', oneServer, options, results, flowLevels);
  } finally {
    await sqlite.drop();
  }
  const serverUrl = postgresServerUrl();
  if (serverUrl === null) {
    printNote('PostgreSQL skipped: set BENCH_DATABASE_URL or TEST_DATABASE_URL');
    return;
  }
  for (const layout of options.isQuick ? [threeServersTwoWorkers] : [oneServer, threeServersTwoWorkers]) {
    const database = await createPostgresDatabase(serverUrl);
    try {
      await runLayout(database, 'postgres', layout, options, results);
    } finally {
      await database.drop();
    }
  }
}

/** cores: one process against two on one SQLite file, both clients polling (ADR 0020). */
export async function runCoresBench(options: BenchOptions, results: BenchResults): Promise<void> {
  for (const layout of [sqliteOneProcessPolling, sqliteTwoProcesses]) {
    const sqlite = createSqliteDatabase();
    try {
      await runLayout(sqlite, 'sqlite', layout, options, results);
    } finally {
      await sqlite.drop();
    }
  }
}
