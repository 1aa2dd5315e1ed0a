/**
 * The in-process transport: actions through `engine.invoke`, operation ends learned from the
 * engine's worker events (no polling), so the figures measure the engine, not a client's wait.
 */
import type { Engine } from '../src/engine.js';
import { updateRecord } from '../src/http/write-record.js';
import { objects } from '../src/records/registry.js';
import type { WorkerEvent } from '../src/operations/worker.js';
import type { CheckoutTransport } from './run-standard-checkout.js';

type Outcome = { readonly result: string };

/** Final results of operations, by operation id. */
export interface OperationWatch {
  /** Give this to the engine's `onWorkerEvent`. */
  onWorkerEvent(event: WorkerEvent): void;
  awaitOperation(operationId: string): Promise<void>;
}

function createOutcomeMap() {
  const ended = new Map<string, Outcome>();
  const waiting = new Map<string, (outcome: Outcome) => void>();
  return {
    end(key: string, outcome: Outcome) {
      const resolve = waiting.get(key);
      if (resolve === undefined) ended.set(key, outcome);
      else {
        waiting.delete(key);
        resolve(outcome);
      }
    },
    // An operation can end before its action's call returns: keep its outcome until asked.
    wait(key: string): Promise<Outcome> {
      const outcome = ended.get(key);
      if (outcome !== undefined) {
        ended.delete(key);
        return Promise.resolve(outcome);
      }
      return new Promise((resolve) => waiting.set(key, resolve));
    },
  };
}

export function createOperationWatch(): OperationWatch {
  const outcomes = createOutcomeMap();
  const expectComplete = async (key: string) => {
    const { result } = await outcomes.wait(key);
    if (result !== 'Complete') throw new Error(`Operation ${key} ended ${result}`);
  };
  return {
    onWorkerEvent(event) {
      const operation = event.operation;
      // A retried operation runs again later; only its last run ends it.
      if (event.kind !== 'finished' || operation === undefined || event.result === 'Retry') return;
      const outcome = { result: event.result ?? 'Unknown' };
      outcomes.end(operation.id, outcome);
    },
    awaitOperation: (operationId) => expectComplete(operationId),
  };
}

export function createInProcessTransport(engine: Engine, userId: string, watch: OperationWatch): CheckoutTransport {
  return {
    async invoke(action, input) {
      const result = await engine.invoke(action, input, { userId });
      if (!result.isSuccess) throw new Error(`${action} failed: ${JSON.stringify(result.errors)}`);
      return result.outputValues ?? {};
    },
    // A screen step's record update, through the sObject write path and its state machine.
    async setState(sessionId, _from, to) {
      const caller = await engine.callers.ofUser(engine.store.db, userId);
      if (caller === null) throw new Error(`No caller ${userId}`);
      await updateRecord(
        engine.store,
        caller,
        objects.cartCheckoutSession,
        sessionId,
        { State: to },
        engine.providerSettings,
      );
    },
    awaitOperation: (operationId) => watch.awaitOperation(operationId),
    // Activation writes the summary in the transaction that completed its operation (ADR 0027).
    async awaitOrderSummary(sessionId) {
      const summary = await engine.store.db
        .selectFrom('order_summary')
        .innerJoin('cart_checkout_session', 'cart_checkout_session.order_id', 'order_summary.original_order_id')
        .select('order_summary.id')
        .where('cart_checkout_session.id', '=', sessionId)
        .executeTakeFirst();
      if (summary === undefined)
        throw new Error(`No order summary for session ${sessionId} when its activation completed`);
    },
  };
}
