/**
 * The HTTP transport: what a flow runner does against the REST API — invocable actions, a PATCH
 * of the session for the screen step, and polling of the BackgroundOperation record (every
 * `pollMs`) to learn when a step ended. Polls are counted and timed apart from action calls.
 */
import type { CheckoutTransport, RecordLatency } from './run-standard-checkout.js';

const apiPath = '/services/data/v62.0';

/** Between polls of a running operation: short, so the client adds little to a checkout. */
export const pollMs = 2;

export function createHttpTransport(baseUrl: string, token: string, record: RecordLatency): CheckoutTransport {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const request = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    const response = await fetch(`${baseUrl}${apiPath}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return text === '' ? null : JSON.parse(text);
  };
  const poll = async <T>(path: string, isDone: (body: T) => boolean): Promise<T> => {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const startedMs = performance.now();
      const body = (await request('GET', path)) as T;
      record('poll', performance.now() - startedMs);
      if (isDone(body)) return body;
      if (Date.now() > deadline) throw new Error(`Still waiting on ${path} after 60 s`);
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  };
  return {
    async invoke(action, input) {
      const body = (await request('POST', `/actions/standard/${action}`, { inputs: [input] })) as {
        isSuccess: boolean;
        outputValues: Record<string, unknown> | null;
        errors: unknown[];
      }[];
      const result = body[0];
      if (result?.isSuccess !== true) throw new Error(`${action} failed: ${JSON.stringify(body)}`);
      return result.outputValues ?? {};
    },
    async setState(sessionId, _from, to) {
      await request('PATCH', `/sobjects/CartCheckoutSession/${sessionId}`, { State: to });
    },
    async awaitOperation(operationId) {
      const { Status } = await poll<{ Status: string }>(
        `/sobjects/BackgroundOperation/${operationId}?fields=Status`,
        (operation) => operation.Status !== 'New' && operation.Status !== 'Running',
      );
      if (Status !== 'Complete') throw new Error(`Operation ${operationId} ended ${Status}`);
    },
    async awaitOrderSummary(sessionId) {
      const { OrderId } = (await request('GET', `/sobjects/CartCheckoutSession/${sessionId}?fields=OrderId`)) as {
        OrderId: string;
      };
      const soql = encodeURIComponent(`SELECT Id FROM OrderSummary WHERE OriginalOrderId = '${OrderId}'`);
      await poll<{ totalSize: number }>(`/query?q=${soql}`, (result) => result.totalSize > 0);
    },
  };
}
