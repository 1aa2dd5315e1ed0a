/**
 * The HTTP transport: what a flow runner does against the REST API — invocable actions, a PATCH
 * of the session for the screen step, and reads of the BackgroundOperation record with
 * `Prefer: wait` (ADR 0020) to learn when a step ended: each read answers when the record
 * changed from the client's last view (If-None-Match), so no read is wasted on an unchanged
 * record. Every request is counted (`request`); waiting reads are timed apart (`wait`).
 */
import type { CheckoutTransport, RecordLatency } from './run-standard-checkout.js';

const apiPath = '/services/data/v62.0';

/** The longest wait a read asks for (s); the server answers at a change, whichever is first. */
const defaultWaitSeconds = 25;

interface Representation<T> {
  readonly body: T;
  readonly etag: string | null;
}

/** One authenticated JSON request to the REST API; a non-2xx answer throws with its body. */
export type SendRequest = (
  method: string,
  path: string,
  body?: unknown,
  extraHeaders?: Record<string, string>,
) => Promise<{ body: unknown; etag: string | null }>;

/** Requests as `token`'s user, each counted (`request`). */
export function createRequestSender(baseUrl: string, token: string, record: RecordLatency): SendRequest {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  return async (method, path, body, extraHeaders = {}) => {
    record('request', 0);
    const response = await fetch(`${baseUrl}${apiPath}${path}`, {
      method,
      headers: { ...headers, ...extraHeaders },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return { body: text === '' ? null : JSON.parse(text), etag: response.headers.get('etag') };
  };
}

/**
 * `waitSeconds` 0: no `Prefer: wait`, a read every 2 ms instead (the client before ADR 0020,
 * kept for layouts whose server cannot see every change, as two processes on one SQLite file).
 */
export function createHttpTransport(
  baseUrl: string,
  token: string,
  record: RecordLatency,
  waitSeconds = defaultWaitSeconds,
): CheckoutTransport {
  const send = createRequestSender(baseUrl, token, record);
  const request = async (method: string, path: string, body?: unknown): Promise<unknown> =>
    (await send(method, path, body)).body;
  /** Reads `path` until `isDone`, each read answering at the record's next change. */
  const awaitRecord = async <T>(path: string, isDone: (body: T) => boolean): Promise<T> => {
    const deadline = Date.now() + 60_000;
    let last: Representation<T> | null = null;
    for (;;) {
      const startedMs = performance.now();
      if (waitSeconds === 0 && last !== null) await new Promise((resolve) => setTimeout(resolve, 2));
      const answer = await send(
        'GET',
        path,
        undefined,
        waitSeconds === 0
          ? {}
          : { prefer: `wait=${waitSeconds}`, ...(last?.etag == null ? {} : { 'if-none-match': last.etag }) },
      );
      record('wait', performance.now() - startedMs);
      last = { body: answer.body as T, etag: answer.etag };
      if (isDone(last.body)) return last.body;
      if (Date.now() > deadline) throw new Error(`Still waiting on ${path} after 60 s`);
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
      const { Status } = await awaitRecord<{ Status: string }>(
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
      // Activation writes the summary in the transaction that completed its operation (ADR 0027).
      const { totalSize } = (await request('GET', `/query?q=${soql}`)) as { totalSize: number };
      if (totalSize !== 1) throw new Error(`No order summary for ${OrderId} when its activation completed`);
    },
  };
}
