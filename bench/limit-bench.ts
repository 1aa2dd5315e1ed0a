/**
 * limit: what the database itself allows, and how much of it a checkout uses.
 * - the raw commit rate from Node: small single-row-update transactions, on SQLite (WAL, the
 *   engine's own pragmas, BEGIN IMMEDIATE, one connection) and on PostgreSQL (8 connections);
 * - the transactions and statements of one full checkout, counted through the store's
 *   `onQuery` hook;
 * - the same of one checkout driven by the built-in flow through the interview API (SQLite);
 * - efficiency = checkouts/s × transactions per checkout / raw transactions per second.
 */
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { sql } from 'kysely';
import { openStore } from '../src/store/database.js';
import { createPostgresDatabase, createSqliteDatabase, postgresServerUrl } from './bench-database.js';
import type { BenchOptions } from './bench-options.js';
import type { BenchResults } from './bench-results.js';
import { countCheckout } from './count-checkout.js';
import { createStatementCounter } from './count-statements.js';
import { assertNoFailures } from './drive-checkouts.js';
import { inProcessConcurrency, runInProcessLoad } from './inprocess-bench.js';
import { printFigure, printNote } from './print-figure.js';

const counterRows = 100;

/** The engine's own journal mode and synchronous setting, read back from a store it opened. */
async function engineSqlitePragmas(file: string): Promise<{ journalMode: string; synchronous: number }> {
  const store = openStore({ url: file });
  try {
    const journal = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(store.db);
    const synchronous = await sql<{ synchronous: number }>`pragma synchronous`.execute(store.db);
    return { journalMode: journal.rows[0]!.journal_mode, synchronous: synchronous.rows[0]!.synchronous };
  } finally {
    await store.close();
  }
}

async function sqliteCommitRate(maxMs: number): Promise<number> {
  const database = createSqliteDatabase();
  try {
    const pragmas = await engineSqlitePragmas(database.url);
    printNote(`sqlite journal_mode=${pragmas.journalMode} synchronous=${pragmas.synchronous} (1 = NORMAL, 2 = FULL)`);
    const connection = new BetterSqlite3(database.url);
    connection.pragma(`journal_mode = ${pragmas.journalMode}`);
    connection.pragma(`synchronous = ${pragmas.synchronous}`);
    connection.exec('create table counter (id integer primary key, n integer not null)');
    const insert = connection.prepare('insert into counter (id, n) values (?, 0)');
    for (let id = 0; id < counterRows; id += 1) insert.run(id);
    const begin = connection.prepare('begin immediate');
    const update = connection.prepare('update counter set n = n + 1 where id = ?');
    const commit = connection.prepare('commit');
    let transactions = 0;
    const startedMs = performance.now();
    while (performance.now() - startedMs < maxMs) {
      for (let batch = 0; batch < 100; batch += 1) {
        begin.run();
        update.run(transactions % counterRows);
        commit.run();
        transactions += 1;
      }
    }
    const rate = (transactions * 1000) / (performance.now() - startedMs);
    connection.close();
    return rate;
  } finally {
    await database.drop();
  }
}

async function postgresCommitRate(serverUrl: string, maxMs: number, connections = 8): Promise<number> {
  const database = await createPostgresDatabase(serverUrl);
  const pool = new pg.Pool({ connectionString: database.url, max: connections });
  // Dropping the database afterwards terminates any backend still closing: not an error here.
  pool.on('error', () => undefined);
  try {
    await pool.query('create table counter (id integer primary key, n bigint not null)');
    await pool.query('insert into counter select g, 0 from generate_series(0, $1) g', [counterRows - 1]);
    let transactions = 0;
    const startedMs = performance.now();
    // Each connection updates its own rows: the figure is the commit rate, not lock waits.
    const loop = async (index: number) => {
      const client = await pool.connect();
      try {
        let own = 0;
        while (performance.now() - startedMs < maxMs) {
          await client.query('begin');
          await client.query('update counter set n = n + 1 where id = $1', [index + connections * (own % 10)]);
          await client.query('commit');
          own += 1;
          transactions += 1;
        }
      } finally {
        client.release();
      }
    };
    await Promise.all(Array.from({ length: connections }, (_, index) => loop(index)));
    return (transactions * 1000) / (performance.now() - startedMs);
  } finally {
    await pool.end();
    await database.drop();
  }
}

/** Statements and transactions of one checkout: checkouts one at a time, averaged. */
async function countPerCheckout(checkouts: number) {
  const counter = createStatementCounter();
  const run = await runInProcessLoad({
    workers: 1,
    concurrency: 1,
    checkouts,
    maxMs: 60_000,
    onQuery: (query) => counter.onQuery(query),
    measure: async (work) => {
      counter.reset();
      return work();
    },
  });
  assertNoFailures('limit.count', run.drive);
  const count = counter.snapshot();
  const per = (value: number) => value / run.drive.completed;
  return { count, per, completed: run.drive.completed };
}

const countedLineCounts = [3, 100, 1_000] as const;

/** Statements and transactions per checkout at 3, 100 and 1,000 lines, on each database. */
async function printCheckoutCounts(isQuick: boolean): Promise<void> {
  const serverUrl = postgresServerUrl();
  const backends = [
    { name: 'sqlite', create: () => Promise.resolve(createSqliteDatabase()) },
    ...(serverUrl === null ? [] : [{ name: 'postgres', create: () => createPostgresDatabase(serverUrl) }]),
  ];
  for (const backend of backends) {
    for (const lineCount of countedLineCounts) {
      const database = await backend.create();
      try {
        const counted = await countCheckout({
          databaseUrl: database.url,
          lineCount,
          checkouts: isQuick || lineCount >= 1_000 ? 1 : 3,
        });
        const name = `limit.${backend.name}.lines_${lineCount}`;
        printFigure(`${name}.statements`, counted.statements, 'statements/checkout');
        printFigure(`${name}.transactions`, counted.transactions, 'tx/checkout');
      } finally {
        await database.drop();
      }
    }
  }
}

/**
 * A flow checkout's statements and transactions (3 lines, SQLite), and, when the http benchmark
 * ran before in this run, the efficiency of its SQLite server at each flow concurrency, beside
 * the hand-chained checkout's at the same concurrency.
 */
async function printFlowEfficiency(
  isQuick: boolean,
  sqliteRate: number,
  actionTransactions: number,
  results: BenchResults,
): Promise<void> {
  const database = createSqliteDatabase();
  let flowTransactions: number;
  try {
    const counted = await countCheckout({
      databaseUrl: database.url,
      lineCount: 3,
      checkouts: isQuick ? 1 : 3,
      drivenBy: 'flow',
    });
    printFigure('limit.sqlite.flow_checkout.statements', counted.statements, 'statements/checkout');
    printFigure('limit.sqlite.flow_checkout.transactions', counted.transactions, 'tx/checkout');
    flowTransactions = counted.transactions;
  } finally {
    await database.drop();
  }
  for (const [key, rate] of results) {
    const level = /^http\.sqlite\.server_1\.flow_checkouts_per_s\.(concurrency_\d+)$/.exec(key)?.[1];
    if (level === undefined) continue;
    const name = `limit.sqlite.efficiency.http_server_1.${level}`;
    printFigure(`${name}.flow_checkout`, (rate * flowTransactions) / sqliteRate, 'ratio');
    const actions = results.get(`http.sqlite.server_1.checkouts_per_s.${level}`);
    if (actions !== undefined) printFigure(`${name}.actions`, (actions * actionTransactions) / sqliteRate, 'ratio');
  }
}

export async function runLimitBench(options: BenchOptions, results: BenchResults): Promise<void> {
  const rawMs = options.isQuick ? 300 : 3_000;
  const sqliteRate = await sqliteCommitRate(rawMs);
  printFigure('limit.sqlite.raw_commits_per_s', sqliteRate, 'tx/s');
  const serverUrl = postgresServerUrl();
  const postgresRate = serverUrl === null ? null : await postgresCommitRate(serverUrl, rawMs);
  if (postgresRate === null) printNote('PostgreSQL skipped: set BENCH_DATABASE_URL or TEST_DATABASE_URL');
  else printFigure('limit.postgres.raw_commits_per_s.connections_8', postgresRate, 'tx/s');

  await printCheckoutCounts(options.isQuick);
  const { count, per, completed } = await countPerCheckout(options.isQuick ? 3 : 50);
  const transactions = per(count.explicitTransactions + count.autocommitWrites);
  printFigure('limit.checkout.statements', per(count.statements), 'statements/checkout');
  printFigure('limit.checkout.explicit_transactions', per(count.explicitTransactions), 'tx/checkout');
  printFigure('limit.checkout.autocommit_writes', per(count.autocommitWrites), 'tx/checkout');
  printFigure('limit.checkout.autocommit_reads', per(count.autocommitReads), 'statements/checkout');
  printFigure('limit.checkout.transactions', transactions, 'tx/checkout');
  printNote(`most frequent statements per checkout (${completed} checkouts):`);
  const shapes = [...count.byShape.entries()].sort((a, b) => b[1] - a[1]).slice(0, 12);
  for (const [shape, times] of shapes) printNote(`  ${per(times).toFixed(1).padStart(5)}  ${shape.slice(0, 150)}`);

  let checkoutsPerSecond = Math.max(
    results.get('inprocess.checkouts_per_s.workers_1') ?? 0,
    results.get('inprocess.checkouts_per_s.workers_2') ?? 0,
  );
  if (checkoutsPerSecond === 0) {
    // Run alone (`npm run bench -- limit`): measure the in-process rate briefly here.
    const run = await runInProcessLoad({
      workers: 1,
      concurrency: inProcessConcurrency,
      checkouts: options.isQuick ? 20 : 1_000,
      maxMs: options.maxSeconds * 1000,
    });
    assertNoFailures('limit.inprocess', run.drive);
    checkoutsPerSecond = run.drive.checkoutsPerSecond;
    printFigure('limit.inprocess.checkouts_per_s', checkoutsPerSecond, 'checkouts/s');
  }
  printFigure('limit.sqlite.engine_commits_per_s', checkoutsPerSecond * transactions, 'tx/s');
  printFigure('limit.sqlite.efficiency', (checkoutsPerSecond * transactions) / sqliteRate, 'ratio');
  await printFlowEfficiency(options.isQuick, sqliteRate, transactions, results);
  const clusterRate = results.get('http.postgres.cluster_3x2.checkouts_per_s.concurrency_64');
  if (postgresRate !== null && clusterRate !== undefined) {
    printFigure('limit.postgres.efficiency.cluster_3x2', (clusterRate * transactions) / postgresRate, 'ratio');
  }
}
