/**
 * A cluster on one PostgreSQL database: API server processes without workers and worker
 * processes, each a real `b2b-checkout` process, as docs/deploy.md lays them out.
 */
import { spawnCli, type CliProcess } from '../support/spawn-cli.js';

export const clusterAdminToken = 'cluster-admin-token-0123456789abcdef';

export interface Cluster {
  readonly serverUrls: readonly string[];
  readonly servers: CliProcess[];
  readonly workers: CliProcess[];
  startWorker(): Promise<CliProcess>;
  stop(): Promise<void>;
}

export const fastWorkerFlags = ['--poll-ms', '100', '--lease-margin-ms', '500', '--reap-ms', '200'];

/** `extraEnv`: more settings for every process, e.g. B2B_CHECKOUT_PROVIDER_DIR. */
/** `workerFlags` are added after the fast ones, so they override them (the last value wins). */
export async function startCluster(
  databaseUrl: string,
  serverCount: number,
  workerCount: number,
  extraEnv: Readonly<Record<string, string>> = {},
  workerFlags: readonly string[] = [],
): Promise<Cluster> {
  const env = { DATABASE_URL: databaseUrl, B2B_CHECKOUT_ADMIN_TOKEN: clusterAdminToken, ...extraEnv };
  const servers = Array.from({ length: serverCount }, () =>
    spawnCli(['serve', '--port', '0', '--host', '127.0.0.1', '--no-worker'], env),
  );
  const workers: CliProcess[] = [];
  const startWorker = async () => {
    const worker = spawnCli(['worker', ...fastWorkerFlags, ...workerFlags], env);
    workers.push(worker);
    await worker.waitFor(/b2b-checkout worker:/, 90_000);
    return worker;
  };
  const matches = await Promise.all(servers.map((server) => server.waitFor(/listening on (http:\/\/\S+)/, 90_000)));
  for (let index = 0; index < workerCount; index += 1) await startWorker();
  return {
    serverUrls: matches.map((match) => match[1]!),
    servers,
    workers,
    startWorker,
    async stop() {
      await Promise.all([...servers, ...workers].map((process) => process.stop()));
    },
  };
}
