/**
 * Long reads on SQLite, off the request thread: better-sqlite3 runs a statement synchronously
 * on the calling thread, so a query of seconds would stall every other request of the process
 * (a 700-term OR over 100,000 cart items held /healthz for 14 s). Reads with a time budget run
 * here instead, on a worker thread with its own read-only connection to the same file (WAL:
 * it reads the last committed state and never blocks a writer).
 *
 * better-sqlite3 exposes neither sqlite3_interrupt nor a progress handler, so a statement past
 * its budget cannot be stopped: the caller is answered at the deadline, the thread is
 * terminated (it ends when the statement does) and a fresh one takes its place. At most
 * `maxThreads` threads exist at once, so runaway statements cost at most that many cores;
 * a read that finds none free waits for one within its own budget.
 * docs/decisions/0018-bounded-queries.md has the measurements.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { ReadTimeoutError } from '../read-timeout-error.js';

export interface SqliteStatement {
  readonly sql: string;
  readonly parameters: readonly unknown[];
}

interface Reader {
  readonly worker: Worker;
  /** Settles once the thread has opened its connection (tens of ms, more on a loaded host). */
  readonly ready: Promise<void>;
  isBusy: boolean;
}

const driverPath = createRequire(import.meta.url).resolve('better-sqlite3');

// Plain JavaScript evaluated as the thread's body: it needs no build step nor TypeScript loader.
const readerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driverPath);
const connection = new Database(workerData.file, { readonly: true, fileMustExist: true });
connection.pragma('busy_timeout = 10000');
parentPort.postMessage({ ready: true });
parentPort.on('message', (statements) => {
  try {
    const results = statements.map((statement) => connection.prepare(statement.sql).all(...statement.parameters));
    parentPort.postMessage({ results });
  } catch (error) {
    parentPort.postMessage({ error: { message: String(error && error.message), code: error && error.code } });
  }
});
`;

export interface SqliteReader {
  /** Runs the statements in order on a reader thread; rejects with ReadTimeoutError past `budgetMs`. */
  read(statements: readonly SqliteStatement[], budgetMs: number): Promise<Record<string, unknown>[][]>;
  close(): Promise<void>;
}

export function createSqliteReader(file: string, maxThreads = 2): SqliteReader {
  const readers = new Set<Reader>();
  const waiting: (() => void)[] = [];

  const release = () => waiting.shift()?.();

  const acquire = async (deadline: number): Promise<Reader> => {
    for (;;) {
      const idle = [...readers].find((reader) => !reader.isBusy);
      if (idle !== undefined) {
        idle.isBusy = true;
        return idle;
      }
      if (readers.size < maxThreads) {
        const worker = new Worker(readerSource, { eval: true, workerData: { file, driverPath } });
        worker.unref();
        const ready = new Promise<void>((resolve, reject) => {
          worker.once('message', () => resolve());
          worker.once('error', reject);
        });
        const reader: Reader = { worker, ready, isBusy: true };
        readers.add(reader);
        worker.once('exit', () => {
          readers.delete(reader);
          release();
        });
        return reader;
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new ReadTimeoutError();
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        waiting.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  };

  return {
    async read(statements, budgetMs) {
      const reader = await acquire(Date.now() + budgetMs);
      // Starting a thread is not the query's time: the budget runs from the statement's start.
      await reader.ready;
      const deadline = Date.now() + budgetMs;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => {
            reader.worker.off('message', onMessage);
            reader.worker.off('error', onError);
            // The statement runs on until it ends; the thread then exits and frees its slot.
            void reader.worker.terminate();
            reject(new ReadTimeoutError());
          },
          Math.max(0, deadline - Date.now()),
        );
        const finish = () => {
          clearTimeout(timer);
          reader.worker.off('message', onMessage);
          reader.worker.off('error', onError);
          reader.isBusy = false;
          release();
        };
        const onMessage = (reply: { results?: Record<string, unknown>[][]; error?: { message: string } }) => {
          finish();
          if (reply.results !== undefined) resolve(reply.results);
          else reject(new Error(reply.error?.message ?? 'read failed'));
        };
        const onError = (error: Error) => {
          finish();
          reject(error);
        };
        reader.worker.on('message', onMessage);
        reader.worker.once('error', onError);
        reader.worker.postMessage(statements);
      });
    },
    async close() {
      await Promise.all([...readers].map((reader) => reader.worker.terminate()));
    },
  };
}
