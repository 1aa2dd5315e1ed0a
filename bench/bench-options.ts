/** Command-line flags of `npm run bench`, validated once. */

export const benchmarkNames = ['inprocess', 'http', 'growth', 'limit', 'cores'] as const;
export type BenchmarkName = (typeof benchmarkNames)[number];

export interface BenchOptions {
  readonly names: readonly BenchmarkName[];
  /** A ~10 s smoke of everything: tiny counts, same code paths, figures not meaningful. */
  readonly isQuick: boolean;
  /** Write CPU profiles of the in-process benchmark into bench/profiles/. */
  readonly isProfiling: boolean;
  /** Upper bound of each measured load phase (seconds). */
  readonly maxSeconds: number;
  /** Checkouts per measured load phase (before the time bound). */
  readonly checkouts: number;
}

export const usage = `usage: npm run bench -- [${benchmarkNames.join('|')} ...] [--quick] [--profile] [--checkouts N] [--max-seconds S]
  inprocess  full checkouts/s in process (SQLite), 1 and 2 worker loops; latencies; peak RSS
  http       full checkouts/s over HTTP at concurrency 1, 16, 64; SQLite, and PostgreSQL when
             BENCH_DATABASE_URL or TEST_DATABASE_URL is set (also 3 servers + 2 workers);
             SQLite also checkouts driven by the built-in flow (interview API), concurrency 1, 16
  growth     step times for 1, 10, 100, 1000-line carts; throughput for 1..256 buyers
  limit      raw commit rate, transactions and statements per checkout, efficiency
  cores      SQLite: operations in the API process against a second process (ADR 0020)`;

function positiveNumber(flag: string, value: string | undefined): number {
  const parsed = Number(value);
  if (value === undefined || !Number.isFinite(parsed) || parsed <= 0)
    throw new Error(`${flag} needs a positive number`);
  return parsed;
}

export function parseBenchOptions(args: readonly string[]): BenchOptions {
  const names: BenchmarkName[] = [];
  let isQuick = false;
  let isProfiling = false;
  let maxSeconds: number | undefined;
  let checkouts: number | undefined;
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index]!;
    if (arg === '--quick') isQuick = true;
    else if (arg === '--profile') isProfiling = true;
    else if (arg === '--max-seconds') maxSeconds = positiveNumber(arg, args[(index += 1)]);
    else if (arg === '--checkouts') checkouts = Math.round(positiveNumber(arg, args[(index += 1)]));
    else if ((benchmarkNames as readonly string[]).includes(arg)) names.push(arg as BenchmarkName);
    else throw new Error(`Unknown argument ${arg}\n${usage}`);
  }
  return {
    names: names.length === 0 ? (isProfiling ? ['inprocess'] : benchmarkNames) : names,
    isQuick,
    isProfiling,
    maxSeconds: maxSeconds ?? (isQuick ? 1 : 15),
    checkouts: checkouts ?? (isQuick ? 20 : 3_000),
  };
}
