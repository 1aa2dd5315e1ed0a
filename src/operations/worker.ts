/**
 * The worker loop: claim due operations up to `concurrency`, run each, claim again; when idle,
 * sleep until woken (work enqueued in this process) or until the poll interval passes (work
 * enqueued elsewhere, retries coming due). Every `reapIntervalMs` it reclaims expired leases and
 * releases the stock of Draft orders past their reservation window.
 */
import type { Providers } from '../providers/providers.js';
import type { Store } from '../store/database.js';
import { claimOperations } from './claim-operations.js';
import type { OperationHandler } from './operation-handler.js';
import type { OperationRow } from './operation-row.js';
import { expireReservations } from './expire-reservations.js';
import { reapExpiredLeases } from './reap-expired-leases.js';
import { runOperation, type RunResult } from './run-operation.js';

export interface WorkerEvent {
  readonly kind: 'finished' | 'reclaimed';
  readonly operation?: OperationRow;
  readonly result?: RunResult;
  readonly durationMs?: number;
  readonly count?: number;
}

export interface WorkerOptions {
  readonly store: Store;
  readonly providers: Providers;
  readonly handlers: ReadonlyMap<string, OperationHandler>;
  readonly workerId: string;
  readonly actorId: string;
  /** Operations run at once by this worker. */
  readonly concurrency?: number;
  readonly pollIntervalMs?: number;
  /** Lease length beyond an operation's Timeout; covers clock skew and a slow commit. */
  readonly leaseMarginMs?: number;
  readonly reapIntervalMs?: number;
  readonly onEvent?: (event: WorkerEvent) => void;
  /** Unexpected errors; `context` says which operation failed and under which ref when known. */
  readonly onError?: (error: unknown, context?: string) => void;
}

export interface Worker {
  /** Work was enqueued: look for it now rather than at the next poll. */
  wake(): void;
  /** True while running fewer operations than its concurrency (a wake-up would claim). */
  hasCapacity(): boolean;
  /** Claims this operation (even before its run-after time) and runs it here, now. */
  runNow(operationId: string): Promise<RunResult | 'NotClaimed'>;
  /** Stops claiming, waits for running operations to finish. */
  stop(): Promise<void>;
  /** Resolves when no operation is due or running (tests, the demo). */
  idle(): Promise<void>;
}

export function startWorker(options: WorkerOptions): Worker {
  const concurrency = options.concurrency ?? 4;
  const pollIntervalMs = options.pollIntervalMs ?? 1_000;
  const leaseMarginMs = options.leaseMarginMs ?? 5_000;
  const reapIntervalMs = options.reapIntervalMs ?? 5_000;
  const inFlight = new Set<Promise<void>>();
  let isStopped = false;
  let isWoken = false;
  let wakeUp: (() => void) | null = null;
  let lastReapMs = 0;
  let idleWaiters: (() => void)[] = [];
  const dependencies = { ...options };

  const wake = () => {
    isWoken = true;
    wakeUp?.();
  };

  const execute = async (operation: OperationRow): Promise<RunResult> => {
    const startedMs = performance.now();
    const result = await runOperation(dependencies, operation);
    options.onEvent?.({ kind: 'finished', operation, result, durationMs: performance.now() - startedMs });
    return result;
  };

  const track = (operation: OperationRow) => {
    const running: Promise<void> = execute(operation)
      .then(() => undefined)
      .catch((error: unknown) => options.onError?.(error))
      .finally(() => {
        inFlight.delete(running);
        wake();
      });
    inFlight.add(running);
  };

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (isWoken) return resolve();
      const timer = setTimeout(resolve, ms);
      wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const loop = async () => {
    while (!isStopped) {
      isWoken = false;
      try {
        if (Date.now() - lastReapMs >= reapIntervalMs) {
          lastReapMs = Date.now();
          const { reclaimed } = await reapExpiredLeases(options.store, options.actorId);
          if (reclaimed > 0) options.onEvent?.({ kind: 'reclaimed', count: reclaimed });
          await expireReservations(options.store, options.actorId);
        }
        const capacity = concurrency - inFlight.size;
        if (capacity > 0) {
          const claimed = await claimOperations(options.store, {
            workerId: options.workerId,
            limit: capacity,
            leaseMarginMs,
          });
          for (const operation of claimed) track(operation);
          if (claimed.length > 0) continue;
        }
      } catch (error) {
        options.onError?.(error);
      }
      if (inFlight.size === 0) {
        const waiters = idleWaiters;
        idleWaiters = [];
        for (const resolve of waiters) resolve();
      }
      await sleep(pollIntervalMs);
      wakeUp = null;
    }
  };
  const looping = loop();

  return {
    wake,
    hasCapacity: () => !isStopped && inFlight.size < concurrency,
    async runNow(operationId) {
      const [operation] = await claimOperations(options.store, {
        workerId: options.workerId,
        limit: 1,
        leaseMarginMs,
        operationId,
      });
      if (operation === undefined) return 'NotClaimed';
      return execute(operation);
    },
    async stop() {
      isStopped = true;
      wake();
      await looping;
      await Promise.all([...inFlight]);
    },
    idle() {
      return new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        wake();
      });
    },
  };
}
