/**
 * The structured log lines of the engine's activity (docs/decisions/0025-operator-commands-and-logs.md):
 * one line per action invoked, per background operation run, and per checkout event committed
 * (state transitions, enqueues, claims, provider calls, outputs, orders, cancels). Each names
 * what it is about with the same keys — requestId, cartId, sessionId, operationId, worker,
 * durationMs, outcome — so one checkout's lines are found with one filter.
 */
import type { Logger } from 'pino';
import type { ActionResult } from './actions/invoke-action.js';
import type { WorkerEvent } from './operations/worker.js';
import type { CheckoutEvent } from './store/checkout-event-log.js';

const idOf = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);

/** The ids an action's input and output name: its cart, session and operation. */
function idsOfAction(input: unknown, result: ActionResult) {
  const given = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
  const output = result.outputValues ?? {};
  return {
    cartId: idOf(given.cartId),
    sessionId: idOf(given.checkoutSessionId) ?? idOf(output.requestId),
    operationId: idOf(output.backgroundOperationId) ?? idOf(output.operationId),
  };
}

export function logAction(
  logger: Logger,
  entry: {
    readonly input: unknown;
    readonly result: ActionResult;
    readonly durationMs: number;
    readonly requestId?: string;
  },
): void {
  const { result } = entry;
  logger.info(
    {
      kind: 'action',
      action: result.actionName,
      requestId: entry.requestId,
      ...idsOfAction(entry.input, result),
      durationMs: Math.round(entry.durationMs),
      outcome: result.isSuccess ? 'Success' : result.errors[0]?.statusCode,
      httpStatus: result.httpStatus,
    },
    'action',
  );
}

export function logWorkerEvent(logger: Logger, event: WorkerEvent, worker: string): void {
  if (event.kind === 'reclaimed') {
    logger.warn({ kind: 'reclaimed', worker, count: event.count }, 'reclaimed expired leases');
    return;
  }
  const { operation } = event;
  logger.info(
    {
      kind: 'operation',
      operationType: operation?.type,
      operationId: operation?.id,
      cartId: operation?.web_cart_id ?? undefined,
      sessionId: operation?.checkout_session_id ?? undefined,
      worker,
      attempt: operation === undefined ? undefined : operation.retry_count + 1,
      durationMs: event.durationMs === undefined ? undefined : Math.round(event.durationMs),
      outcome: event.result,
    },
    'operation',
  );
}

export function logCheckoutEvents(logger: Logger, events: readonly CheckoutEvent[]): void {
  for (const event of events) {
    const { type, actorId, detail, ...about } = event;
    const level = event.type === 'ProviderCall' && event.outcome !== 'Success' ? 'warn' : 'info';
    logger[level](
      {
        kind: 'checkout',
        event: type,
        ...Object.fromEntries(Object.entries(about).filter(([, value]) => value !== null && value !== undefined)),
        ...(about.durationMs === undefined || about.durationMs === null
          ? {}
          : { durationMs: Math.round(about.durationMs) }),
        userId: actorId,
        ...(detail === null || detail === undefined ? {} : { detail }),
      },
      type,
    );
  }
}
