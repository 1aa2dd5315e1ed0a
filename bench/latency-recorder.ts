/** Durations grouped by key (an action name, an operation type), reported as p50 and p99. */
import { printFigure } from './print-figure.js';

export interface LatencyRecorder {
  record(key: string, durationMs: number): void;
  /** The q-quantile (0..1) of one key, nearest-rank; NaN when nothing was recorded. */
  quantile(key: string, q: number): number;
  count(key: string): number;
  keys(): string[];
  /** Prints `<prefix>.<key>.p50` and `.p99` for every key, in first-recorded order. */
  print(prefix: string): void;
}

export function createLatencyRecorder(): LatencyRecorder {
  const samples = new Map<string, number[]>();
  const sorted = new Map<string, number[]>();
  const quantile = (key: string, q: number) => {
    let values = sorted.get(key);
    if (values === undefined) {
      values = [...(samples.get(key) ?? [])].sort((a, b) => a - b);
      sorted.set(key, values);
    }
    if (values.length === 0) return Number.NaN;
    return values[Math.min(values.length - 1, Math.max(0, Math.ceil(q * values.length) - 1))]!;
  };
  return {
    record(key, durationMs) {
      let values = samples.get(key);
      if (values === undefined) {
        values = [];
        samples.set(key, values);
      }
      values.push(durationMs);
      sorted.delete(key);
    },
    quantile,
    count: (key) => samples.get(key)?.length ?? 0,
    keys: () => [...samples.keys()],
    print(prefix) {
      for (const key of samples.keys()) {
        printFigure(`${prefix}.${key}.p50`, quantile(key, 0.5), 'ms');
        printFigure(`${prefix}.${key}.p99`, quantile(key, 0.99), 'ms');
      }
    },
  };
}
