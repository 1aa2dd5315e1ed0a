/** A real HTTP server on 127.0.0.1 (port 0) over a test engine, with tokens for its users. */
import { issueAccessToken } from '../../src/access/access-tokens.js';
import { ensureAdministrator } from '../../src/access/ensure-administrator.js';
import type { EngineOptions } from '../../src/engine.js';
import { buildApp } from '../../src/http/app.js';
import { createMetrics } from '../../src/http/metrics.js';
import type { WaitLimits } from '../../src/http/record-waits.js';
import type { StoreSeed } from '../../src/seed/seed-store.js';
import { openTestEngine, type TestEngine } from './test-engine.js';

export interface HttpResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The parsed JSON body (undefined when the body is empty or not JSON). */
  readonly body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests index into arbitrary JSON
}

export interface RequestOptions {
  readonly token?: string | null;
  readonly body?: unknown;
  /** Sent as is (no JSON encoding). */
  readonly rawBody?: string;
  readonly headers?: Record<string, string>;
}

export interface HttpTestServer extends TestEngine {
  readonly url: string;
  readonly adminToken: string;
  /** One token per seeded buyer, in seed order. */
  readonly buyerTokens: readonly string[];
  request(method: string, path: string, options?: RequestOptions): Promise<HttpResponse>;
}

export const testAdminToken = 'test-administrator-token-0123456789';

export async function startHttpTestServer(
  seed?: StoreSeed,
  {
    engineOptions,
    ...options
  }: { bodyLimitBytes?: number; waitLimits?: WaitLimits; engineOptions?: Partial<EngineOptions> } = {},
) {
  const testEngine = await openTestEngine(seed, engineOptions);
  const { engine, store } = testEngine;
  await ensureAdministrator(engine.store, testAdminToken);
  const buyerTokens = await Promise.all(store.buyers.map((buyer) => issueAccessToken(engine.store.db, buyer.userId)));
  const app = buildApp({ engine, metrics: createMetrics(), ...options });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
  const server: HttpTestServer = {
    ...testEngine,
    url,
    adminToken: testAdminToken,
    buyerTokens,
    async request(method, path, requestOptions = {}) {
      const token = requestOptions.token === undefined ? testAdminToken : requestOptions.token;
      const headers: Record<string, string> = { ...(requestOptions.headers ?? {}) };
      if (token !== null) headers.authorization = `Bearer ${token}`;
      let body: string | undefined = requestOptions.rawBody;
      if (requestOptions.body !== undefined) {
        body = JSON.stringify(requestOptions.body);
        headers['content-type'] ??= 'application/json';
      }
      const response = await fetch(url + path, { method, headers, ...(body === undefined ? {} : { body }) });
      const text = await response.text();
      let parsed: unknown;
      try {
        parsed = text === '' ? undefined : JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      return { status: response.status, headers: response.headers, text, body: parsed };
    },
    async dispose() {
      await app.close();
      await testEngine.dispose();
    },
  };
  return server;
}
