/**
 * What the PostgreSQL server sees during a load level, to explain a slowdown by measurement:
 * its connections to the bench database sampled every `intervalMs` from pg_stat_activity
 * (running a statement, idle inside a transaction, waiting on a lock or a light-weight lock),
 * and the transactions it committed or rolled back (pg_stat_database), which counts every
 * claim and probe a wake-up costs.
 */
import pg from 'pg';

export interface PostgresLoad {
  /** Transactions (explicit and single statements) the database ran. */
  readonly transactions: number;
  readonly meanConnections: number;
  readonly meanActive: number;
  readonly meanIdleInTransaction: number;
  readonly meanLockWaits: number;
  readonly meanLightweightLockWaits: number;
}

export async function samplePostgres(url: string, intervalMs = 100): Promise<{ stop(): Promise<PostgresLoad> }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const transactionsNow = async () => {
    const result = await client.query<{ n: string }>(
      'select xact_commit + xact_rollback as n from pg_stat_database where datname = current_database()',
    );
    return Number(result.rows[0]?.n ?? 0);
  };
  // The statistics snapshot is per transaction: each read must see fresh counters.
  await client.query('set stats_fetch_consistency = none');
  const startTransactions = await transactionsNow();
  const sums = { samples: 0, connections: 0, active: 0, idleInTransaction: 0, lock: 0, lightweight: 0 };
  let sampling = Promise.resolve();
  const timer = setInterval(() => {
    sampling = sampling.then(async () => {
      const result = await client.query<{
        connections: number;
        active: number;
        idle_in_transaction: number;
        lock: number;
        lightweight: number;
      }>(`select count(*)::int as connections,
          count(*) filter (where state = 'active')::int as active,
          count(*) filter (where state like 'idle in transaction%')::int as idle_in_transaction,
          count(*) filter (where wait_event_type = 'Lock')::int as lock,
          count(*) filter (where wait_event_type = 'LWLock')::int as lightweight
        from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`);
      const row = result.rows[0]!;
      sums.samples += 1;
      sums.connections += row.connections;
      sums.active += row.active;
      sums.idleInTransaction += row.idle_in_transaction;
      sums.lock += row.lock;
      sums.lightweight += row.lightweight;
    });
  }, intervalMs);
  return {
    async stop() {
      clearInterval(timer);
      await sampling;
      // Counters are flushed by backends at most every second or so (PostgreSQL 15).
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      // Less this sampler's own: one per sample, the `set` and the first count.
      const transactions = (await transactionsNow()) - startTransactions - sums.samples - 2;
      await client.end();
      const mean = (sum: number) => (sums.samples === 0 ? Number.NaN : sum / sums.samples);
      return {
        transactions,
        meanConnections: mean(sums.connections),
        meanActive: mean(sums.active),
        meanIdleInTransaction: mean(sums.idleInTransaction),
        meanLockWaits: mean(sums.lock),
        meanLightweightLockWaits: mean(sums.lightweight),
      };
    },
  };
}
