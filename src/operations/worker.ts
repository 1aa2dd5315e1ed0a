/**
 * The worker loop: claim due operations up to `concurrency`, run each, claim again; when idle,
 * sleep until woken (work enqueued in this process) or until the poll interval passes (work
 * enqueued elsewhere, retries coming due). Every `reapIntervalMs` it reclaims expired leases and
 * releases the stock of Draft orders past their reservation window.
 */
import type { Providers } from '../providers/providers.js';
import type { Store } from '../store/database.js';
import { claimOperations, claimOperationsIn } from './claim-operations.js';
import { hasEnqueuedWork, type LocalLease } from './enqueue-operation.js';
import type { OperationHandler } from './operation-handler.js';
import type { OperationRow } from './operation-row.js';
import { expireReservations } from './expire-reservations.js';
import { reapExpiredLeases } from './reap-expired-leases.js';
import { runOperation, type RunDependencies, type RunResult } from './run-operation.js';

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

/** A slot of a worker held for an operation about to be enqueued leased to it. */
export interface LocalSlot extends LocalLease {
  /** The operation's transaction committed: run it now. */
  start(operation: OperationRow): void;
  /** The operation was not enqueued: give the slot back. */
  release(): void;
}

export interface Worker {
  /** Work was enqueued: look for it now rather than at the next poll. */
  wake(): void;
  /** True while running fewer operations than its concurrency (a wake-up would claim). */
  hasCapacity(): boolean;
  /** A free slot for an operation enqueued in this process, or null when every slot is busy. */
  reserveSlot(): LocalSlot | null;
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
  // Slots promised to operations being enqueued in this process (reserveSlot).
  let reserved = 0;
  // Work may be due that no look has seen: set by wake (work enqueued without a slot, a
  // notification from another process) and by a look that filled every slot; the idle poll
  // looks regardless. A finished run alone is no reason to look.
  let hasBacklog = true;
  let backlogMarks = 0;
  let lastLookMs = 0;
  let isStopped = false;
  let isWoken = false;
  let wakeUp: (() => void) | null = null;
  let lastReapMs = 0;
  let idleWaiters: (() => void)[] = [];
  const dependencies = { ...options };

  const nudge = () => {
    isWoken = true;
    wakeUp?.();
  };
  const wake = () => {
    hasBacklog = true;
    backlogMarks += 1;
    nudge();
  };
  const freeSlots = () => concurrency - inFlight.size - reserved;

  const execute = async (operation: OperationRow, claimed: OperationRow[] = []): Promise<RunResult> => {
    const startedMs = performance.now();
    // A success commits with the next operation claimed in the same transaction, when work is
    // known to wait: enqueued by this very step (an activation's order summary) or a backlog.
    const claimNext = async (trx: Parameters<NonNullable<RunDependencies['claimNext']>>[0]) => {
      const limit = freeSlots() + 1;
      if (isStopped || limit <= 0 || !(hasEnqueuedWork(trx) || hasBacklog)) return;
      claimed.push(
        ...(await claimOperationsIn(trx, options.store, { workerId: options.workerId, limit, leaseMarginMs })),
      );
    };
    const result = await runOperation({ ...dependencies, claimNext }, operation);
    options.onEvent?.({ kind: 'finished', operation, result, durationMs: performance.now() - startedMs });
    return result;
  };

  const track = (operation: OperationRow) => {
    const claimed: OperationRow[] = [];
    const running: Promise<void> = execute(operation, claimed)
      .then((result) => {
        // Claimed rows are ours only if the completing transaction committed.
        if (result === 'Complete') for (const next of claimed) track(next);
      })
      .catch((error: unknown) => options.onError?.(error))
      .finally(() => {
        inFlight.delete(running);
        nudge();
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
        const capacity = freeSlots();
        const isPollDue = Date.now() - lastLookMs >= pollIntervalMs;
        if (capacity > 0 && (hasBacklog || isPollDue)) {
          const marks = backlogMarks;
          lastLookMs = Date.now();
          const claimed = await claimOperations(options.store, {
            workerId: options.workerId,
            limit: capacity,
            leaseMarginMs,
          });
          for (const operation of claimed) track(operation);
          // Every slot filled: more may be due. Otherwise the look saw all due work, unless a
          // wake came in while it ran.
          if (claimed.length < capacity && marks === backlogMarks) hasBacklog = false;
          if (claimed.length > 0) continue;
        }
      } catch (error) {
        options.onError?.(error);
      }
      if (inFlight.size === 0 && !hasBacklog) {
        const waiters = idleWaiters;
        idleWaiters = [];
        for (const resolve of waiters) resolve();
      }
      await sleep(Math.max(1, pollIntervalMs - (Date.now() - lastLookMs)));
      wakeUp = null;
    }
  };
  const looping = loop();

  return {
    wake,
    hasCapacity: () => !isStopped && freeSlots() > 0,
    reserveSlot() {
      if (isStopped || freeSlots() <= 0) return null;
      reserved += 1;
      let isSettled = false;
      const settle = () => {
        if (isSettled) return false;
        isSettled = true;
        reserved -= 1;
        return true;
      };
      return {
        workerId: options.workerId,
        leaseMarginMs,
        start(operation) {
          // Stopped meanwhile: the lease expires and the reaper hands the operation on.
          if (settle() && !isStopped) track(operation);
        },
        release() {
          if (settle()) nudge();
        },
      };
    },
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
