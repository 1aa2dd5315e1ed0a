/**
 * `npm run bench [-- names] [--quick] [--profile]`: runs the benchmarks one after another (never
 * two at once: they would measure each other) and prints `name: value unit` lines.
 */
import { cpus, totalmem } from 'node:os';
import { runGrowthBench } from './growth-bench.js';
import { runCoresBench, runHttpBench } from './http-bench.js';
import { runInProcessBench } from './inprocess-bench.js';
import { runLimitBench } from './limit-bench.js';
import { parseBenchOptions, type BenchmarkName, type BenchOptions } from './bench-options.js';
import type { BenchResults } from './bench-results.js';
import { printFigure, printNote } from './print-figure.js';

const benchmarks: Record<BenchmarkName, (options: BenchOptions, results: BenchResults) => Promise<void>> = {
  inprocess: runInProcessBench,
  http: runHttpBench,
  growth: runGrowthBench,
  limit: runLimitBench,
  cores: runCoresBench,
};

async function main(): Promise<void> {
  const options = parseBenchOptions(process.argv.slice(2));
  printNote(
    `node ${process.version}, ${cpus().length} cpu(s) ${cpus()[0]?.model ?? ''}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB` +
      (options.isQuick ? ' — quick smoke: figures are not meaningful' : ''),
  );
  const results: BenchResults = new Map();
  const startedMs = performance.now();
  for (const name of options.names) {
    const benchStartedMs = performance.now();
    printNote(`${name}`);
    await benchmarks[name](options, results);
    printFigure(`${name}.wall_time`, (performance.now() - benchStartedMs) / 1000, 's');
  }
  printFigure('bench.wall_time', (performance.now() - startedMs) / 1000, 's');
}

main().then(
  // Pools and timers of closed engines must not keep the run alive.
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
