/**
 * The interview API in process: `engine.flowInterviews` as the buyer (the caller the HTTP API
 * would authenticate), and the order status read straight from the store. Used to count what a
 * flow checkout sends to the database (`count-checkout.ts`).
 */
import type { Engine } from '../src/engine.js';
import type { FlowTransport } from './run-flow-checkout.js';

export function createInProcessFlowTransport(engine: Engine, userId: string): FlowTransport {
  const caller = async () => {
    const loaded = await engine.callers.ofUser(engine.store.db, userId);
    if (loaded === null) throw new Error(`No caller ${userId}`);
    return loaded;
  };
  return {
    start: async (flowApiName, inputs) => engine.flowInterviews.start(await caller(), flowApiName, inputs),
    read: async (interviewId, waitSeconds) => engine.flowInterviews.read(await caller(), interviewId, waitSeconds),
    navigate: async (interviewId, version, fields) =>
      engine.flowInterviews.navigate(await caller(), interviewId, { action: 'NEXT', version, fields }),
    async readOrderStatus(orderSummaryId) {
      const order = await engine.store.db
        .selectFrom('order_summary')
        .innerJoin('sales_order', 'sales_order.id', 'order_summary.original_order_id')
        .select('sales_order.status')
        .where('order_summary.id', '=', orderSummaryId)
        .executeTakeFirstOrThrow();
      return order.status;
    },
  };
}
