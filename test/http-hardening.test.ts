/** Request hardening: content types, sizes, routes, methods, versions, stack traces, SOQL errors. */
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call -- response bodies are untyped JSON */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/http/app.js';
import { createMetrics } from '../src/http/metrics.js';
import { startHttpTestServer, type HttpTestServer } from './support/http-test-server.js';

let server: HttpTestServer;
const v = '/services/data/v60.0';

beforeAll(async () => {
  server = await startHttpTestServer(undefined, { bodyLimitBytes: 64 * 1024 });
});
afterAll(() => server.dispose());

const storeCount = async () => (await server.engine.store.db.selectFrom('web_cart').select('id').execute()).length;

describe('request hardening', () => {
  it('answers 415 UNSUPPORTED_MEDIA_TYPE for a body that is not JSON, and creates nothing', async () => {
    const before = await storeCount();
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml']) {
      const response = await server.request('POST', `${v}/sobjects/WebCart`, {
        rawBody: 'Name=x',
        headers: { 'content-type': contentType },
      });
      expect(response.status, contentType).toBe(415);
      expect(response.body[0].errorCode).toBe('UNSUPPORTED_MEDIA_TYPE');
    }
    expect(await storeCount()).toBe(before);
  });

  it('answers 400 JSON_PARSER_ERROR for malformed JSON', async () => {
    const response = await server.request('POST', `${v}/sobjects/WebCart`, {
      rawBody: '{"Name": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(400);
    expect(response.body[0].errorCode).toBe('JSON_PARSER_ERROR');
    const array = await server.request('POST', `${v}/sobjects/WebCart`, { body: [1, 2] });
    expect(array.body[0].errorCode).toBe('JSON_PARSER_ERROR');
  });

  it('answers 413 for a body over the limit without reading it into an action', async () => {
    const response = await server.request('POST', `${v}/actions/standard/checkoutSessionAction`, {
      body: { inputs: [{ cartId: 'x'.repeat(70 * 1024) }] },
    });
    expect(response.status).toBe(413);
    expect(response.body[0].errorCode).toBe('REQUEST_ENTITY_TOO_LARGE');
  });

  it('answers 404 NOT_FOUND for unknown routes and versions before 50.0', async () => {
    for (const path of ['/nothing', `${v}/nothing`, '/services/data/v49.0/sobjects', '/services/data/vX/sobjects']) {
      const response = await server.request('GET', path);
      expect(response.status, path).toBe(404);
      expect(response.body[0].errorCode).toBe('NOT_FOUND');
    }
    expect((await server.request('GET', '/services/data/v50.0/sobjects')).status).toBe(200);
    expect((await server.request('GET', '/services/data/v62.0/sobjects')).status).toBe(200);
  });

  it('answers 404 NOT_FOUND in Salesforce shape for every path under a version it does not list', async () => {
    const paths = [
      '/services/data/v999.0',
      '/services/data/v999.0/sobjects',
      '/services/data/v999.0/sobjects/WebCart/describe',
      '/services/data/v999.0/query?q=SELECT+Id+FROM+WebCart',
      '/services/data/v999.0/actions/standard/checkoutSessionAction',
      '/services/data/v999.0/no/such/resource',
      '/services/data/v63.0/sobjects',
      '/services/data/v49.0/sobjects',
      '/services/data/v1.0/sobjects',
    ];
    for (const path of paths) {
      for (const token of [undefined, null]) {
        const response = await server.request('GET', path, token === null ? { token } : {});
        expect(response.status, path).toBe(404);
        expect(response.body, path).toEqual([
          { errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' },
        ]);
      }
    }
    const post = await server.request('POST', '/services/data/v999.0/actions/standard/checkoutSessionAction', {
      body: { inputs: [{ cartId: '0a6000000000000AAA' }] },
    });
    expect(post.status).toBe(404);
  });

  it('lists the API versions', async () => {
    const response = await server.request('GET', '/services/data', { token: null });
    expect(response.status).toBe(200);
    expect(response.body[0]).toEqual({ label: 'API 50.0', url: '/services/data/v50.0', version: '50.0' });
    expect(response.body.at(-1).version).toBe('62.0');
  });

  it('lists the resources of a version to an authenticated caller', async () => {
    const response = await server.request('GET', '/services/data/v60.0');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      sobjects: '/services/data/v60.0/sobjects',
      query: '/services/data/v60.0/query',
      actions: '/services/data/v60.0/actions',
      // Absolute, as Salesforce gives it (jsforce's identity() follows it).
      identity: expect.stringMatching(new RegExp(`^${server.url}/id/00D000000000001EAA/005\\w{15}$`)) as string,
    });
    expect((await server.request('GET', '/services/data/v60.0', { token: null })).status).toBe(401);
  });

  it('answers 405 METHOD_NOT_ALLOWED with Allow for a known path', async () => {
    const response = await server.request('PUT', `${v}/sobjects/WebCart/0a6000000000000AAA`, { body: {} });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('DELETE, GET, PATCH');
    expect(response.body[0].errorCode).toBe('METHOD_NOT_ALLOWED');
    expect((await server.request('DELETE', `${v}/actions/standard`)).status).toBe(405);
  });

  it('never sends a stack trace: unexpected errors are UNKNOWN_EXCEPTION 500', async () => {
    const app = buildApp({ engine: server.engine, metrics: createMetrics() });
    app.get('/explode', () => {
      throw new Error('secret detail at /srv/app/src/thing.ts:42');
    });
    const response = await app.inject({ method: 'GET', url: '/explode' });
    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual([
      { message: 'An unexpected error occurred; it has been logged', errorCode: 'UNKNOWN_EXCEPTION', fields: [] },
    ]);
    expect(response.body).not.toContain('secret');
    await app.close();
  });
});

describe('queries', () => {
  const query = (soql: string) => server.request('GET', `${v}/query?q=${encodeURIComponent(soql)}`);

  it('answers MALFORMED_QUERY 400 for text outside the language', async () => {
    for (const soql of ['SELEKT Id FROM WebCart', 'SELECT FROM WebCart', 'SELECT Id FROM WebCart WHERE']) {
      const response = await query(soql);
      expect(response.status, soql).toBe(400);
      expect(response.body[0].errorCode).toBe('MALFORMED_QUERY');
    }
    const missing = await server.request('GET', `${v}/query`);
    expect(missing.body[0].errorCode).toBe('MALFORMED_QUERY');
  });

  it('treats an injection attempt in a literal as a value: it changes and reveals nothing', async () => {
    const before = (await query('SELECT Id FROM Account')).body.totalSize as number;
    // In SOQL a quote inside a literal is escaped with a backslash; the whole text stays one value.
    for (const literal of ["x\\' OR Name != \\'x", "x\\'); DROP TABLE account; --", "x'; DELETE FROM account; --"]) {
      const response = await query(`SELECT Id FROM Account WHERE Name = '${literal}'`);
      if (response.status === 200) expect(response.body.totalSize, literal).toBe(0);
      else expect(response.body[0].errorCode, literal).toBe('MALFORMED_QUERY');
    }
    expect((await query('SELECT Id FROM Account')).body.totalSize).toBe(before);
  });
});
