/**
 * Prometheus metrics in the text exposition format, kept in memory by this process: HTTP
 * requests and latency per route, action calls and latency per action, lease reclaims seen by
 * this process's workers and operations finished by them. Live operations (New, Running) by
 * type and the queue depth are read from the database at scrape time, so they hold across
 * processes: one query bounded to the live statuses on the (status, run_after_ms) index,
 * never a scan of the whole table, which grows with every checkout until purged. Checkouts
 * (orders created) per minute and step durations (p50, p99) come from the database too, from
 * the one module the console's charts read (store/checkout-figures.ts).
 */
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { liveOperationStatuses } from '../domain/vocabulary.js';
import { readCheckoutFigures, type CheckoutFigures } from '../store/checkout-figures.js';
import type { WorkerEvent } from '../operations/worker.js';
import type { Database } from '../records/registry.js';

// Seconds; spans a cached read (~1 ms) to a synchronous cart to order under load (seconds).
const bucketsSeconds = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

interface Histogram {
  readonly counts: number[];
  sum: number;
  count: number;
}

export interface Metrics {
  recordRequest(method: string, route: string, status: number, seconds: number): void;
  recordAction(action: string, isSuccess: boolean, seconds: number): void;
  recordWorkerEvent(event: WorkerEvent): void;
  render(db: Kysely<Database>): Promise<string>;
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function labelsText(labels: Record<string, string>): string {
  const parts = Object.entries(labels).map(([name, value]) => `${name}="${escapeLabel(value)}"`);
  return parts.length === 0 ? '' : `{${parts.join(',')}}`;
}

class Family {
  private readonly series = new Map<string, { labels: Record<string, string>; value: number }>();
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}
  add(labels: Record<string, string>, amount = 1): void {
    const key = labelsText(labels);
    const entry = this.series.get(key) ?? { labels, value: 0 };
    entry.value += amount;
    this.series.set(key, entry);
  }
  render(): string[] {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    for (const [key, entry] of this.series) lines.push(`${this.name}${key} ${entry.value}`);
    return lines;
  }
}

class HistogramFamily {
  private readonly series = new Map<string, { labels: Record<string, string>; histogram: Histogram }>();
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}
  observe(labels: Record<string, string>, seconds: number): void {
    const key = labelsText(labels);
    const entry = this.series.get(key) ?? {
      labels,
      histogram: { counts: bucketsSeconds.map(() => 0), sum: 0, count: 0 },
    };
    bucketsSeconds.forEach((bound, index) => {
      if (seconds <= bound) entry.histogram.counts[index]! += 1;
    });
    entry.histogram.sum += seconds;
    entry.histogram.count += 1;
    this.series.set(key, entry);
  }
  render(): string[] {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const { labels, histogram } of this.series.values()) {
      bucketsSeconds.forEach((bound, index) => {
        lines.push(`${this.name}_bucket${labelsText({ ...labels, le: String(bound) })} ${histogram.counts[index]}`);
      });
      lines.push(`${this.name}_bucket${labelsText({ ...labels, le: '+Inf' })} ${histogram.count}`);
      lines.push(`${this.name}_sum${labelsText(labels)} ${histogram.sum}`);
      lines.push(`${this.name}_count${labelsText(labels)} ${histogram.count}`);
    }
    return lines;
  }
}

function gauge(name: string, help: string, samples: { labels: Record<string, string>; value: number }[]): string[] {
  return [
    `# HELP ${name} ${help}`,
    `# TYPE ${name} gauge`,
    ...samples.map((sample) => `${name}${labelsText(sample.labels)} ${sample.value}`),
  ];
}

/** The shared checkout figures in the exposition format (seconds, as Prometheus expects). */
function checkoutFigureLines(figures: CheckoutFigures): string[] {
  const name = 'b2b_checkout_step_duration_seconds';
  return [
    ...gauge(
      'b2b_checkout_checkouts_per_minute',
      'Orders created in each of the last 30 whole minutes (UTC, by minute start), from the database.',
      figures.ordersPerMinute.map((row) => ({ labels: { minute: row.minute }, value: row.orders })),
    ),
    `# HELP ${name} Duration of the steps (operations) completed in the last hour, by type, from the database.`,
    `# TYPE ${name} summary`,
    ...figures.stepDurations.flatMap((row) => [
      `${name}${labelsText({ type: row.type, quantile: '0.5' })} ${row.p50Ms / 1000}`,
      `${name}${labelsText({ type: row.type, quantile: '0.99' })} ${row.p99Ms / 1000}`,
      `${name}_sum${labelsText({ type: row.type })} ${row.sumMs / 1000}`,
      `${name}_count${labelsText({ type: row.type })} ${row.count}`,
    ]),
  ];
}

export function createMetrics(): Metrics {
  const requests = new Family('b2b_checkout_http_requests_total', 'HTTP requests by method, route and status.');
  const requestSeconds = new HistogramFamily(
    'b2b_checkout_http_request_duration_seconds',
    'HTTP request latency by method and route.',
  );
  const actions = new Family('b2b_checkout_action_invocations_total', 'Action inputs run, by action and outcome.');
  const actionSeconds = new HistogramFamily('b2b_checkout_action_duration_seconds', 'Latency of one action input.');
  const reclaims = new Family(
    'b2b_checkout_operation_lease_reclaims_total',
    'Operations whose expired lease was reclaimed by this process.',
  );
  const finished = new Family('b2b_checkout_operations_finished_total', 'Operations run by this process, by result.');
  reclaims.add({}, 0);
  return {
    recordRequest(method, route, status, seconds) {
      requests.add({ method, route, status: String(status) });
      requestSeconds.observe({ method, route }, seconds);
    },
    recordAction(action, isSuccess, seconds) {
      actions.add({ action, outcome: isSuccess ? 'success' : 'error' });
      actionSeconds.observe({ action }, seconds);
    },
    recordWorkerEvent(event) {
      if (event.kind === 'reclaimed') reclaims.add({}, event.count ?? 0);
      else finished.add({ type: event.operation?.type ?? 'unknown', result: String(event.result ?? 'unknown') });
    },
    async render(db) {
      const [operations, figures] = await Promise.all([
        db
          .selectFrom('background_operation')
          .select(['type', 'status', db.fn.countAll<number>().as('count')])
          .where('status', 'in', liveOperationStatuses)
          .groupBy(['type', 'status'])
          .execute(),
        readCheckoutFigures(db),
      ]);
      const queued = operations.filter((row) => row.status === 'New').reduce((sum, row) => sum + Number(row.count), 0);
      return [
        ...requests.render(),
        ...requestSeconds.render(),
        ...actions.render(),
        ...actionSeconds.render(),
        ...gauge(
          'b2b_checkout_operations',
          'Live background operations (New or Running) in the database, by type and status.',
          operations.map((row) => ({ labels: { type: row.type, status: row.status }, value: Number(row.count) })),
        ),
        ...gauge('b2b_checkout_operation_queue_depth', 'Operations waiting to run (status New).', [
          { labels: {}, value: queued },
        ]),
        ...checkoutFigureLines(figures),
        ...reclaims.render(),
        ...finished.render(),
        '',
      ].join('\n');
    },
  };
}

/** Records every response, labelled by its route pattern (not the URL: ids would explode it). */
export function registerMetrics(app: FastifyInstance, metrics: Metrics, db: Kysely<Database>): void {
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.recordRequest(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
    done();
  });
  app.get('/metrics', async (_request, reply) =>
    reply.type('text/plain; version=0.0.4; charset=utf-8').send(await metrics.render(db)),
  );
}
