/**
 * The checkout figures both `/metrics` and the console's charts report, computed here once so
 * the two can never disagree: orders created in each of the last 30 whole minutes (UTC), and
 * the p50 and p99 duration of each step type completed in the last hour.
 *
 * Read from the database, not from a process's memory, so every process's work counts. The
 * minutes are whole clock minutes (09:31:00.000–09:31:59.999), so two readers within the same
 * minute get the same buckets. The durations read at most the 5,000 most recently finished
 * operations of the hour (a bound on a scrape: about 80 a minute for an hour, far above what
 * two workers finish), and a quantile is the nearest-rank value of what was read.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../records/registry.js';

export const perMinuteWindow = 30;
const durationWindowMs = 60 * 60_000;
const maxDurationRows = 5_000;

export interface MinuteCount {
  /** The minute's start, `YYYY-MM-DDTHH:MMZ` (UTC). */
  readonly minute: string;
  readonly orders: number;
}

export interface StepDuration {
  /** The operation type (`PriceCart`, `CalculateTaxes`, …). */
  readonly type: string;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly count: number;
  readonly sumMs: number;
}

export interface CheckoutFigures {
  /** Oldest first, the current minute last. */
  readonly ordersPerMinute: readonly MinuteCount[];
  /** By type name. */
  readonly stepDurations: readonly StepDuration[];
}

/** The nearest-rank quantile of ascending values (0 for none). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank]!;
}

const minuteOf = (ms: number) => `${new Date(ms).toISOString().slice(0, 16)}Z`;

/** The two reads behind the figures; each reads only its window, on its time index (migration 0011). */
export function checkoutFigureQueries(db: Kysely<Database>, nowMs: number) {
  const currentMinuteMs = Math.floor(nowMs / 60_000) * 60_000;
  const firstMinuteMs = currentMinuteMs - (perMinuteWindow - 1) * 60_000;
  const minuteColumn = sql<string>`substr(created_date, 1, 16)`;
  return {
    firstMinuteMs,
    orders: db
      .selectFrom('sales_order')
      .select([minuteColumn.as('minute'), db.fn.countAll<number>().as('count')])
      .where('created_date', '>=', new Date(firstMinuteMs).toISOString())
      .groupBy(minuteColumn),
    operations: db
      .selectFrom('background_operation')
      .select(['type', 'started_at', 'finished_at'])
      .where('finished_at', '>=', new Date(nowMs - durationWindowMs).toISOString())
      .where('status', '=', 'Complete')
      .orderBy('finished_at', 'desc')
      .limit(maxDurationRows),
  };
}

export async function readCheckoutFigures(db: Kysely<Database>, nowMs = Date.now()): Promise<CheckoutFigures> {
  const queries = checkoutFigureQueries(db, nowMs);
  const { firstMinuteMs } = queries;
  const [orderRows, operationRows] = await Promise.all([queries.orders.execute(), queries.operations.execute()]);
  const ordersByMinute = new Map(orderRows.map((row) => [`${row.minute}Z`, Number(row.count)]));
  const ordersPerMinute = Array.from({ length: perMinuteWindow }, (_unused, index) => {
    const minute = minuteOf(firstMinuteMs + index * 60_000);
    return { minute, orders: ordersByMinute.get(minute) ?? 0 };
  });
  const byType = new Map<string, number[]>();
  for (const row of operationRows) {
    const ms = Date.parse(row.finished_at ?? '') - Date.parse(row.started_at ?? '');
    if (!Number.isFinite(ms)) continue;
    const list = byType.get(row.type) ?? [];
    list.push(ms);
    byType.set(row.type, list);
  }
  const stepDurations = [...byType.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([type, list]) => {
      const sorted = [...list].sort((a, b) => a - b);
      return {
        type,
        p50Ms: quantile(sorted, 0.5),
        p99Ms: quantile(sorted, 0.99),
        count: sorted.length,
        sumMs: sorted.reduce((sum, ms) => sum + ms, 0),
      };
    });
  return { ordersPerMinute, stepDurations };
}
