/**
 * The interview API over HTTP (SPEC.md section 8), as a checkout page calls it: `POST
 * /flow-interviews` to start, `GET /flow-interviews/{id}?wait=S` to long-poll a wait screen,
 * `POST /flow-interviews/{id}/navigate` with the version last read; then the OrderSummary the
 * flow redirected to and its Order, read through the sObject API. Every request is counted
 * (`request`).
 */
import type { InterviewView } from '../src/flows/flow-interviews.js';
import { createRequestSender } from './http-transport.js';
import type { FlowTransport } from './run-flow-checkout.js';
import type { RecordLatency } from './run-standard-checkout.js';

export function createHttpFlowTransport(baseUrl: string, token: string, record: RecordLatency): FlowTransport {
  const send = createRequestSender(baseUrl, token, record);
  const interview = async (method: string, path: string, body?: unknown) =>
    (await send(method, `/flow-interviews${path}`, body)).body as InterviewView;
  return {
    start: (flowApiName, inputs) => interview('POST', '', { flowApiName, inputs }),
    read: (interviewId, waitSeconds) => interview('GET', `/${interviewId}?wait=${waitSeconds}`),
    navigate: (interviewId, version, fields) =>
      interview('POST', `/${interviewId}/navigate`, { action: 'NEXT', version, fields }),
    async readOrderStatus(orderSummaryId) {
      const summary = await send('GET', `/sobjects/OrderSummary/${orderSummaryId}?fields=OriginalOrderId`);
      const { OriginalOrderId } = summary.body as { OriginalOrderId: string };
      const order = await send('GET', `/sobjects/Order/${OriginalOrderId}?fields=Status`);
      return (order.body as { Status: string }).Status;
    },
  };
}
