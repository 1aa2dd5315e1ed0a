/**
 * WAL checkpoints off the request thread. SQLite's automatic checkpoint runs inside the commit
 * that crosses its threshold, and it syncs the database file: on the machine of BENCHMARKS.md,
 * one commit in 25 took 2–130 ms that way, four fifths of all commit time in a checkout. Here
 * the writing connection checkpoints only as a last resort (`fallbackPages`), and a worker
 * thread with its own connection runs a PASSIVE checkpoint every `intervalMs`: it copies what
 * no reader still needs, never blocks a writer, and its sync waits on that thread alone.
 * Durability is unchanged: a commit is in the WAL when it returns, as before (ADR 0028).
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** The writer's own checkpoint threshold, reached only if this thread falls far behind. */
export const fallbackCheckpointPages = 20_000;

const driverPath = createRequire(import.meta.url).resolve('better-sqlite3');

// Plain JavaScript evaluated as the thread's body: it needs no build step nor TypeScript loader.
const checkpointSource = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driverPath);
const connection = new Database(workerData.file, { fileMustExist: true });
connection.pragma('busy_timeout = 10000');
// This connection writes nothing; it must not checkpoint on its own either.
connection.pragma('wal_autocheckpoint = 0');
const checkpoint = () => {
  try {
    connection.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // Busy or locked: the next tick tries again; the writer's fallback bounds the WAL meanwhile.
  }
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  checkpoint();
  connection.close();
  parentPort.close();
});
`;

export interface CheckpointThread {
  /** A last checkpoint, then the thread's connection closes. */
  stop(): Promise<void>;
}

export function startCheckpointThread(file: string, intervalMs = 50): CheckpointThread {
  const worker = new Worker(checkpointSource, { eval: true, workerData: { file, driverPath, intervalMs } });
  worker.unref();
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  // A thread that cannot open the file leaves checkpoints to the writer's fallback.
  worker.on('error', () => undefined);
  return {
    async stop() {
      // Held open until it has exited, or the process could end in the middle of the wait.
      worker.ref();
      worker.postMessage('stop');
      await exited;
    },
  };
}
