/** Health, readiness, metrics, OpenAPI; the server's composition root and configuration. */
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment -- response bodies are untyped JSON */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionCatalog } from '../src/actions/catalog.js';
import { loadConfig } from '../src/config.js';
import { startServer } from '../src/main.js';
import { startHttpTestServer, type HttpTestServer } from './support/http-test-server.js';
import { temporaryDatabaseFile } from './support/test-engine.js';

let server: HttpTestServer;
beforeAll(async () => {
  server = await startHttpTestServer();
});
afterAll(() => server.dispose());

describe('operations endpoints', () => {
  it('answers /healthz and /readyz', async () => {
    expect((await server.request('GET', '/healthz', { token: null })).body).toEqual({ status: 'ok' });
    expect((await server.request('GET', '/readyz', { token: null })).body).toEqual({ status: 'ready' });
  });

  it('exposes Prometheus metrics for requests, actions and operations', async () => {
    await server.request('POST', '/services/data/v60.0/actions/standard/checkoutSessionAction', {
      body: { inputs: [{ cartId: 'nope' }] },
    });
    const response = await server.request('GET', '/metrics', { token: null });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    expect(response.text).toContain(
      'b2b_checkout_http_requests_total{method="POST",route="/services/data/:version/actions/standard/:name",status="500"} 1',
    );
    expect(response.text).toMatch(
      /b2b_checkout_http_request_duration_seconds_bucket\{method="POST",route="[^"]+",le="\+Inf"\} 1/,
    );
    expect(response.text).toContain(
      'b2b_checkout_action_invocations_total{action="checkoutSessionAction",outcome="error"} 1',
    );
    expect(response.text).toContain('b2b_checkout_operation_queue_depth 0');
    expect(response.text).toContain('b2b_checkout_operation_lease_reclaims_total 0');
  });

  it('serves an OpenAPI 3.1 document generated from the action schemas and the registry', async () => {
    const response = await server.request('GET', '/openapi.json', { token: null });
    expect(response.body.openapi).toBe('3.1.0');
    for (const action of actionCatalog) {
      const path = response.body.paths[`/services/data/v{version}/actions/standard/${action.name}`];
      expect(path.post.requestBody.content['application/json'].schema.properties.inputs.maxItems).toBe(200);
    }
    const cartItem = response.body.components.schemas.CartItem;
    expect(cartItem.properties.Type.enum).toEqual(['Product', 'Charge']);
    expect(cartItem.properties.TotalAdjustmentAmount.readOnly).toBe(true);
    expect(response.body.paths['/services/data/v{version}/sobjects/Order'].post).toBeUndefined();
  });

  it('documents the flow routes with their shapes, and every refusal the server answers there', async () => {
    const { paths, components } = (await server.request('GET', '/openapi.json', { token: null })).body;
    const documented = '/services/data/v{version}';
    const flowRoutes: Record<string, string[]> = {
      '/flows': ['get'],
      '/flows/{apiName}': ['get', 'put', 'delete'],
      '/actions/custom/flow': ['get'],
      '/actions/custom/flow/{apiName}': ['post'],
      '/flow-interviews': ['post'],
      '/flow-interviews/{id}': ['get'],
      '/flow-interviews/{id}/navigate': ['post'],
    };
    for (const [route, methods] of Object.entries(flowRoutes)) {
      for (const method of methods) expect(paths[documented + route]?.[method], `${method} ${route}`).toBeDefined();
    }
    for (const name of JSON.stringify(paths).match(/(?<=#\/components\/schemas\/)\w+/g) ?? []) {
      expect(components.schemas[name], name).toBeDefined();
    }
    expect(components.schemas.FlowInterview.properties.status.enum).toEqual(['Paused', 'Finished', 'Error']);
    expect(paths[`${documented}/flow-interviews/{id}/navigate`].post.responses[409].description).toContain(
      'INTERVIEW_VERSION_MISMATCH',
    );

    // What the server answers to bad requests is among the responses documented for the route.
    const v = '/services/data/v60.0';
    const buyer = server.buyerTokens[0]!;
    const refusals: [string, string, string, Parameters<HttpTestServer['request']>[2]][] = [
      ['/flows', 'get', `${v}/flows`, { token: buyer }],
      ['/flows/{apiName}', 'get', `${v}/flows/Nope`, {}],
      ['/flows/{apiName}', 'put', `${v}/flows/Nope`, { rawBody: ' ', headers: { 'content-type': 'application/xml' } }],
      ['/flows/{apiName}', 'put', `${v}/flows/Nope`, { body: { xml: '<Flow/>' } }],
      ['/flows/{apiName}', 'delete', `${v}/flows/Nope`, {}],
      ['/actions/custom/flow/{apiName}', 'post', `${v}/actions/custom/flow/Nope`, { body: { inputs: [{}] } }],
      ['/actions/custom/flow/{apiName}', 'post', `${v}/actions/custom/flow/Nope`, { body: { inputs: [] } }],
      ['/flow-interviews', 'post', `${v}/flow-interviews`, { token: buyer, body: {} }],
      ['/flow-interviews', 'post', `${v}/flow-interviews`, { token: buyer, body: { flowApiName: 'Nope' } }],
      ['/flow-interviews/{id}', 'get', `${v}/flow-interviews/0Fo000000000001AAA`, { token: buyer }],
      [
        '/flow-interviews/{id}/navigate',
        'post',
        `${v}/flow-interviews/0Fo000000000001AAA/navigate`,
        { token: buyer, body: { action: 'NEXT', version: 1 } },
      ],
      ['/flow-interviews/{id}/navigate', 'post', `${v}/flow-interviews/0Fo000000000001AAA/navigate`, { body: [] }],
    ];
    for (const [route, method, url, options] of refusals) {
      const response = await server.request(method.toUpperCase(), url, options);
      expect(response.status, `${method} ${url}`).toBeGreaterThanOrEqual(400);
      const responses = paths[documented + route][method].responses as Record<string, unknown>;
      expect(Object.keys(responses), `${method} ${url}`).toContain(String(response.status));
      expect(response.body[0], `${method} ${url}`).toMatchObject({
        errorCode: expect.any(String),
        message: expect.any(String),
      });
    }
  });
});

describe('the server', () => {
  it('validates its configuration once, flags over environment', () => {
    expect(loadConfig({ port: '8080' }, { PORT: '9090', B2B_CHECKOUT_DB: 'x.sqlite' })).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      databaseUrl: 'x.sqlite',
    });
    expect(loadConfig({}, { DATABASE_URL: 'a.sqlite', B2B_CHECKOUT_DB: 'b.sqlite' }).databaseUrl).toBe('a.sqlite');
    expect(() => loadConfig({ port: 'http' }, {})).toThrow(/port/);
    expect(() => loadConfig({}, { B2B_CHECKOUT_ADMIN_TOKEN: 'short' })).toThrow(/at least 20/);
  });

  it('prints a generated administrator token at first start only, and accepts it after a restart', async () => {
    const { file, remove } = temporaryDatabaseFile();
    const config = loadConfig({ port: '0', db: file }, { LOG_LEVEL: 'silent' });
    const first = await startServer(config);
    const token = first.administrator.newToken!;
    // Salesforce's shape, which its clients check: `<organization id>!<secret>`.
    expect(token).toMatch(/^00D000000000001EAA![\w.]{43}$/);
    await first.close();
    const second = await startServer(config);
    expect(second.administrator.newToken).toBeNull();
    const response = await fetch(`${second.url}/services/data/v60.0/sobjects`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    await second.close();
    remove();
  });
});
