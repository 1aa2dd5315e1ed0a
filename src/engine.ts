/**
 * The engine: one in-process API over a database — invoke an action as a user, read records,
 * run the background workers. The HTTP server and the CLI are built on it.
 */
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { Caller } from './access/caller.js';
import { createCallerCache, defaultCallerCacheMs, type CallerCache } from './access/caller-cache.js';
import { ensureBuiltIns, systemUserId } from './access/permission-sets.js';
import type { OperationRunner } from './actions/action.js';
import { validateCheckoutStateMachine } from './domain/checkout-state-machine.js';
import { invokeAction, type ActionResult } from './actions/invoke-action.js';
import { claimOperations } from './operations/claim-operations.js';
import { startPurging, type PurgeOptions } from './operations/purge-expired-rows.js';
import { builtInHandlers } from './operations/handlers.js';
import type { OperationHandler } from './operations/operation-handler.js';
import { runOperation } from './operations/run-operation.js';
import { startWorker, type Worker, type WorkerEvent } from './operations/worker.js';
import { createProviders } from './providers/create-providers.js';
import { defaultProviderSettings, type ProviderSettings } from './providers/provider-settings.js';
import { defaultQueryBudgetMs } from './query/run-query.js';
import type { Providers } from './providers/providers.js';
import { openStore, type Store, type StoreOptions } from './store/database.js';
import { migrateToLatest } from './store/migrate.js';
import { createRecordChanges, type RecordChanges } from './store/record-changes.js';
import { builtInFlowExtensions } from './flows/built-ins.js';
import { withPaymentExtensions } from './flows/payment-extensions.js';
import {
  deployFlows,
  deployProvidedFlows,
  createFlowSource,
  type DeployedFlow,
  type FlowFile,
} from './flows/flow-definitions.js';
import { createFlowExtensions, type FlowExtensionList, type FlowExtensions } from './flows/flow-extensions.js';
import { FlowInterviews } from './flows/flow-interviews.js';
import { logAction, logCheckoutEvents, logWorkerEvent } from './log-activity.js';

export interface EngineOptions {
  /** `postgres://…`, `sqlite:<file>` or a file path. */
  readonly databaseUrl: string;
  /** PostgreSQL connections of this process. */
  readonly poolSize?: number;
  /** Worker loops started in this process (0: none, operations run elsewhere or on demand). */
  readonly workers?: number;
  /** Operations each worker loop runs at once. */
  readonly workerConcurrency?: number;
  readonly pollIntervalMs?: number;
  readonly leaseMarginMs?: number;
  readonly reapIntervalMs?: number;
  /** What custom providers may be: the module directory, the HTTP hosts (config.ts). Default: no modules. */
  readonly providerSettings?: ProviderSettings;
  /** Operation handlers replacing the built-in ones of the same type (custom step logic). */
  readonly handlers?: readonly OperationHandler[];
  readonly onWorkerEvent?: (event: WorkerEvent, workerId: string) => void;
  /** Unexpected errors: a failed action or a worker loop error. */
  readonly onError?: (error: unknown, context: string) => void;
  /** Every executed SQL statement, for measurement only (StoreOptions.onQuery). */
  readonly onQuery?: StoreOptions['onQuery'];
  /** Time budget of one query page (ms, default 2 s): QUERY_TIMEOUT past it. */
  readonly queryBudgetMs?: number;
  /** The purging schedule (intervals and ages); `{ intervalMs: 0 }` turns it off. */
  readonly purge?: PurgeOptions;
  /** How long a verified token or a loaded caller is reused (ms, default 2 s; 0: never). */
  readonly callerCacheMs?: number;
  /** Apex invocables, screen component adapters and flows added to (or replacing) the built-in ones. */
  readonly flowExtensions?: FlowExtensionList;
  /**
   * Longest sleep of an interview long-poll between two looks (ms, default 1,000). Changes of the
   * interview and of a checkout session it waits on wake it at once; this bounds how late it
   * sees a wait on anything else.
   */
  readonly interviewRecheckMs?: number;
  /** Structured log lines of actions, operations and checkout events (src/log-activity.ts). */
  readonly logger?: Logger;
}

export interface Engine {
  readonly store: Store;
  readonly workers: readonly Worker[];
  /** What custom providers may be; the sObject API checks services written against it. */
  readonly providerSettings: ProviderSettings;
  /** Time budget of one query page (ms). */
  readonly queryBudgetMs: number;
  /** Callers by token and by user, reused for a short while (src/access/caller-cache.ts). */
  readonly callers: CallerCache;
  /** This process's operation runner (flows run checkout steps inside a call with it). */
  readonly operations: OperationRunner;
  /** Waiting for a BackgroundOperation or CartCheckoutSession to change (`Prefer: wait`). */
  readonly recordChanges: RecordChanges;
  /** The providers of this process (built-in and per-store custom), for work outside the steps (payments). */
  readonly providers: Providers;
  /** Invokes one action with one input as the given user. Never throws for a bad request. */
  /** `caller`: a user id, or a caller already loaded with its permissions (an authenticated request). */
  invoke(
    actionName: string,
    input: unknown,
    caller: { readonly userId: string } | Caller,
    context?: { readonly requestId?: string },
  ): Promise<ActionResult>;
  /** Resolves once no operation is New or Running (or rejects after `timeoutMs`). */
  settle(timeoutMs?: number): Promise<void>;
  /** What flows may call: invocables, screen adapters, provided flows (built-ins.ts + options). */
  readonly flowExtensions: FlowExtensions;
  /** Flow interviews: start, read, navigate, autolaunched runs. */
  readonly flowInterviews: FlowInterviews;
  /** Deploys flow files as one set (each a new active version); INVALID_FLOW when refused. */
  deployFlows(files: readonly FlowFile[], userId: string | null): Promise<DeployedFlow[]>;
  close(): Promise<void>;
}

let engineCount = 0;

/** Waits for an operation that another worker holds to end; returns its final status. */
async function awaitOperation(store: Store, operationId: string, timeoutMs = 120_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const row = await store.db
      .selectFrom('background_operation')
      .select('status')
      .where('id', '=', operationId)
      .executeTakeFirst();
    if (row === undefined) return 'NotFound';
    if (row.status !== 'New' && row.status !== 'Running') return row.status;
    if (Date.now() > deadline) return row.status;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export async function createEngine(options: EngineOptions): Promise<Engine> {
  validateCheckoutStateMachine();
  const { logger } = options;
  const onWorkerEvent = (event: WorkerEvent, workerId: string) => {
    if (logger !== undefined) logWorkerEvent(logger, event, workerId);
    options.onWorkerEvent?.(event, workerId);
  };
  const store = openStore({
    url: options.databaseUrl,
    ...(options.poolSize === undefined ? {} : { poolSize: options.poolSize }),
    ...(options.onQuery === undefined ? {} : { onQuery: options.onQuery }),
    ...(logger === undefined ? {} : { onCheckoutEvents: (events) => logCheckoutEvents(logger, events) }),
  });
  await migrateToLatest(store);
  await ensureBuiltIns(store);
  const providerSettings = options.providerSettings ?? defaultProviderSettings;
  const callers = createCallerCache(options.callerCacheMs ?? defaultCallerCacheMs);
  const providers: Providers = createProviders(store.db, providerSettings);
  const recordChanges = createRecordChanges(store);
  const purger = startPurging(store, options.purge ?? {}, (error) => options.onError?.(error, 'purge'));
  engineCount += 1;
  const processId = `${hostname()}:${process.pid}:${engineCount}`;
  const leaseMarginMs = options.leaseMarginMs ?? 5_000;
  const handlers = new Map(builtInHandlers);
  for (const handler of options.handlers ?? []) handlers.set(handler.type, handler);
  const workers = Array.from({ length: options.workers ?? 1 }, (_, index) => {
    const workerId = `${processId}:worker-${index + 1}`;
    return startWorker({
      store,
      providers,
      handlers,
      workerId,
      actorId: systemUserId,
      leaseMarginMs,
      ...(options.workerConcurrency === undefined ? {} : { concurrency: options.workerConcurrency }),
      ...(options.pollIntervalMs === undefined ? {} : { pollIntervalMs: options.pollIntervalMs }),
      ...(options.reapIntervalMs === undefined ? {} : { reapIntervalMs: options.reapIntervalMs }),
      onEvent: (event) => onWorkerEvent(event, workerId),
      onError: (error, context) =>
        options.onError?.(error, context === undefined ? workerId : `${workerId} ${context}`),
    });
  });
  const inlineWorkerId = `${processId}:inline`;
  // One wake-up per enqueue: a local worker with a free slot, else one other process (ADR 0020).
  const wakeOneLocalWorker = (): boolean => {
    const free = workers.find((worker) => worker.hasCapacity());
    free?.wake();
    return free !== undefined;
  };
  const stopListening = workers.length > 0 ? store.listenForWork(wakeOneLocalWorker) : null;
  const operations: OperationRunner = {
    reserveSlot: () => {
      for (const worker of workers) {
        const slot = worker.reserveSlot();
        if (slot !== null) return slot;
      }
      return null;
    },
    wake: () => {
      if (wakeOneLocalWorker()) return;
      store.notifyWork().catch((error: unknown) => options.onError?.(error, 'notify'));
    },
    async runNow(operationId) {
      const [operation] = await claimOperations(store, {
        workerId: inlineWorkerId,
        limit: 1,
        leaseMarginMs,
        operationId,
      });
      if (operation === undefined) return awaitOperation(store, operationId);
      const dependencies = {
        store,
        providers,
        handlers,
        workerId: inlineWorkerId,
        actorId: systemUserId,
        onError: (error: unknown, context: string) => options.onError?.(error, `${inlineWorkerId} ${context}`),
      };
      const startedMs = performance.now();
      const result = await runOperation(dependencies, operation);
      onWorkerEvent({ kind: 'finished', operation, result, durationMs: performance.now() - startedMs }, inlineWorkerId);
      return result;
    },
  };
  const invoke: Engine['invoke'] = async (actionName, input, caller, context) => {
    const startedMs = performance.now();
    const result = await invokeAction(
      { store, operations, callers, onUnexpected: (error, name) => options.onError?.(error, name) },
      actionName,
      input,
      caller,
    );
    const durationMs = performance.now() - startedMs;
    if (logger !== undefined) logAction(logger, { input, result, durationMs, ...context });
    return result;
  };
  const flowExtensions = createFlowExtensions(
    withPaymentExtensions(builtInFlowExtensions, {
      providers,
      onError: (error, context) => options.onError?.(error, context),
    }),
    options.flowExtensions ?? {},
  );
  await deployProvidedFlows(store, flowExtensions);
  const flowInterviews = new FlowInterviews({
    store,
    flows: createFlowSource(store),
    extensions: flowExtensions,
    providerSettings,
    invokeAction: (actionName, input, caller) => invoke(actionName, input, caller),
    operations,
    recordChanges,
    ...(options.interviewRecheckMs === undefined ? {} : { interviewRecheckMs: options.interviewRecheckMs }),
    elementBudget: 2_000,
    onError: (error, context) => options.onError?.(error, context),
  });
  return {
    store,
    workers,
    providerSettings,
    providers,
    queryBudgetMs: options.queryBudgetMs ?? defaultQueryBudgetMs,
    callers,
    operations,
    recordChanges,
    invoke,
    flowExtensions,
    flowInterviews,
    deployFlows: (files, userId) => deployFlows(store, flowExtensions, files, userId),
    async settle(timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const pending = await store.db
          .selectFrom('background_operation')
          .select('id')
          .where('status', 'in', ['New', 'Running'])
          .executeTakeFirst();
        if (pending === undefined) return;
        if (Date.now() > deadline) throw new Error('Background operations did not settle in time');
        operations.wake();
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
    async close() {
      await stopListening?.();
      await recordChanges.close();
      await purger.stop();
      await Promise.all(workers.map((worker) => worker.stop()));
      await store.close();
    },
  };
}
