/**
 * Salesforce's clients as their users call them (SPEC.md section 5, "Salesforce clients work
 * unchanged"): jsforce's SOAP `login()` and `identity()`, OpenID Connect user info, tokens in
 * Salesforce's shape, doubled slashes, `columns=true` and the Organization object. Refusals
 * are asserted in Salesforce's shapes and against what is stored: a refused login issues no
 * token, and the SOAP call counts against the same throttle as the OAuth password grant.
 */
import type { FastifyInstance } from 'fastify';
import jsforce from 'jsforce';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hashToken } from '../src/access/access-tokens.js';
import { ensureAdministrator } from '../src/access/ensure-administrator.js';
import { loginThrottlePolicy, usernameSubject, type ThrottlePolicy } from '../src/access/login-throttle.js';
import { setPassword } from '../src/access/passwords.js';
import { buildApp } from '../src/http/app.js';
import { createMetrics } from '../src/http/metrics.js';
import { testAdminToken } from './support/http-test-server.js';
import { openTestEngine, type TestEngine } from './support/test-engine.js';

/** Locks long enough that no test outlives one (each failure costs a scrypt hash). */
const policy: ThrottlePolicy = {
  username: { ...loginThrottlePolicy.username, firstLockMs: 60_000, maxLockMs: 10 * 60_000 },
  address: { ...loginThrottlePolicy.address, firstLockMs: 60_000, maxLockMs: 10 * 60_000 },
  forgetAfterMs: loginThrottlePolicy.forgetAfterMs,
};
const organizationId = '00D000000000001EAA';
const password = 'correct-horse-42';

let testEngine: TestEngine;
let app: FastifyInstance;
let url: string;

beforeAll(async () => {
  testEngine = await openTestEngine();
  await ensureAdministrator(testEngine.engine.store, testAdminToken);
  for (const buyer of testEngine.store.buyers) await setPassword(testEngine.engine.store, buyer.userId, password);
  app = buildApp({ engine: testEngine.engine, metrics: createMetrics(), loginThrottlePolicy: policy });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
});
afterAll(async () => {
  await app.close();
  await testEngine.dispose();
});
beforeEach(async () => {
  await db().deleteFrom('login_attempt').execute();
});

const db = () => testEngine.engine.store.db;
const buyer = () => testEngine.store.buyers[0]!;

async function tokenCountOf(userId: string): Promise<number> {
  return (await db().selectFrom('access_token').select('token_hash').where('user_id', '=', userId).execute()).length;
}

function loginEnvelope(username: string, secret: string, operation = 'login'): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<se:Envelope xmlns:se="http://schemas.xmlsoap.org/soap/envelope/">',
    '<se:Header/><se:Body>',
    `<${operation} xmlns="urn:partner.soap.sforce.com">`,
    `<username>${username}</username><password>${secret}</password>`,
    `</${operation}>`,
    '</se:Body></se:Envelope>',
  ].join('');
}

async function soap(body: string, version = '60.0') {
  const response = await fetch(`${url}/services/Soap/u/${version}`, {
    method: 'POST',
    headers: { 'content-type': 'text/xml', soapaction: '""' },
    body,
  });
  return { status: response.status, text: await response.text(), headers: response.headers };
}

describe('jsforce login() through the SOAP partner API', () => {
  it('signs in, gets a token in Salesforce shape, and uses it for the REST API', async () => {
    const before = await tokenCountOf(buyer().userId);
    const conn = new jsforce.Connection({ loginUrl: url, version: '60.0' });
    const userInfo = await conn.login(buyer().username, password);
    expect(userInfo).toEqual({
      id: buyer().userId,
      organizationId,
      url: `${url}/id/${organizationId}/${buyer().userId}`,
    });
    expect(conn.instanceUrl).toBe(url);
    expect(conn.accessToken).toMatch(/^00D000000000001EAA![\w.]{43}$/);
    const stored = await db()
      .selectFrom('access_token')
      .select('user_id')
      .where('token_hash', '=', hashToken(conn.accessToken!))
      .executeTakeFirst();
    expect(stored?.user_id).toBe(buyer().userId);
    expect(await tokenCountOf(buyer().userId)).toBe(before + 1);
    const me = (await conn.sobject('User').retrieve(buyer().userId)) as Record<string, unknown>;
    expect(me.Username).toBe(buyer().username);
  });

  it('answers identity() at the id URL and at the resource index, in Salesforce shape', async () => {
    const conn = new jsforce.Connection({ loginUrl: url, version: '60.0' });
    await conn.login(buyer().username, password);
    const identity = await conn.identity();
    expect(identity).toMatchObject({
      id: `${url}/id/${organizationId}/${buyer().userId}`,
      user_id: buyer().userId,
      organization_id: organizationId,
      username: buyer().username,
      display_name: expect.stringContaining('Buyer') as string,
      active: true,
      user_type: 'STANDARD',
      urls: { rest: `${url}/services/data/v{version}/`, query: `${url}/services/data/v{version}/query/` },
    });
    // A connection made from a bare token finds the id URL through the resource index.
    const fromToken = new jsforce.Connection({ instanceUrl: url, accessToken: conn.accessToken!, version: '60.0' });
    expect((await fromToken.identity()).user_id).toBe(buyer().userId);
  });

  it('refuses a wrong password with an INVALID_LOGIN fault and issues no token', async () => {
    const before = await tokenCountOf(buyer().userId);
    const conn = new jsforce.Connection({ loginUrl: url, version: '60.0' });
    await expect(conn.login(buyer().username, 'wrong-password')).rejects.toThrow(
      'INVALID_LOGIN: Invalid username, password, security token; or user locked out.',
    );
    const response = await soap(loginEnvelope(buyer().username, 'wrong-password'));
    expect(response.status).toBe(500);
    expect(response.headers.get('content-type')).toMatch(/^text\/xml/);
    expect(response.text).toContain('<faultcode>sf:INVALID_LOGIN</faultcode>');
    expect(response.text).toContain('<sf:exceptionCode>INVALID_LOGIN</sf:exceptionCode>');
    expect(await tokenCountOf(buyer().userId)).toBe(before);
  });

  it('answers every other operation, and what is not an envelope, with a fault and counts nothing', async () => {
    const before = await tokenCountOf(buyer().userId);
    for (const body of [
      loginEnvelope(buyer().username, password, 'query'),
      '<se:Envelope xmlns:se="http://schemas.xmlsoap.org/soap/envelope/"><se:Body>',
      '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>',
      '<Envelope><Body></Body></Envelope>',
    ]) {
      const response = await soap(body);
      expect(response.status, body).toBe(500);
      expect(response.text, body).toContain('<faultcode>soapenv:Client</faultcode>');
    }
    const unknownVersion = await soap(loginEnvelope(buyer().username, password), '12.0');
    expect(unknownVersion.text).toContain('<faultcode>sf:UNSUPPORTED_API_VERSION</faultcode>');
    expect(await tokenCountOf(buyer().userId)).toBe(before);
    expect(await db().selectFrom('login_attempt').selectAll().execute()).toEqual([]);
  });

  it('shares the password grant’s throttle: SOAP failures lock the OAuth grant and the other way round', async () => {
    const { username } = buyer();
    for (let attempt = 0; attempt < 3; attempt += 1) {
      expect((await soap(loginEnvelope(username, 'nope'))).status).toBe(500);
    }
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const response = await fetch(`${url}/services/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'password', username, password: 'nope' }).toString(),
      });
      expect(response.status).toBe(400);
    }
    const counter = await db()
      .selectFrom('login_attempt')
      .selectAll()
      .where('subject', '=', usernameSubject(username))
      .executeTakeFirstOrThrow();
    expect(Number(counter.failure_count)).toBe(5);
    expect(counter.locked_until).not.toBeNull();
    // Locked: even the right password is refused over SOAP, with a wait, and no token is issued.
    const before = await tokenCountOf(buyer().userId);
    const locked = await soap(loginEnvelope(username, password));
    expect(locked.status).toBe(500);
    expect(locked.text).toContain('<faultcode>sf:INVALID_LOGIN</faultcode>');
    expect(locked.text).toMatch(/too many failed attempts; try again in \d+ seconds/);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await tokenCountOf(buyer().userId)).toBe(before);
  });
});

describe('OpenID Connect user info and the identity URL', () => {
  const get = (path: string, token: string | null) =>
    fetch(url + path, token === null ? {} : { headers: { authorization: `Bearer ${token}` } });

  it('answers userinfo for the token’s user', async () => {
    const token = await signIn();
    const response = await get('/services/oauth2/userinfo', token);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      sub: `${url}/id/${organizationId}/${buyer().userId}`,
      user_id: buyer().userId,
      organization_id: organizationId,
      preferred_username: buyer().username,
      email: buyer().username,
      urls: { sobjects: `${url}/services/data/v{version}/sobjects/` },
    });
  });

  it('refuses a missing or unknown token, another org and another user, as the identity service does', async () => {
    const token = await signIn();
    const other = testEngine.store.buyers[1]!;
    const cases = [
      ['/services/oauth2/userinfo', null, 403, 'Missing_OAuth_Token'],
      ['/services/oauth2/userinfo', `${organizationId}!not-a-token`, 403, 'Bad_OAuth_Token'],
      [`/id/${organizationId}/${buyer().userId}`, 'not-a-token', 403, 'Bad_OAuth_Token'],
      [`/id/00D000000000002EAA/${buyer().userId}`, token, 403, 'Wrong_Org'],
      [`/id/${organizationId}/${other.userId}`, token, 404, 'Bad_Id'],
    ] as const;
    for (const [path, bearer, status, reason] of cases) {
      const response = await get(path, bearer);
      expect(response.status, path).toBe(status);
      expect(await response.text(), path).toBe(reason);
    }
    // The 15-character form of the user id names the same identity.
    const short = await get(`/id/${organizationId.slice(0, 15)}/${buyer().userId.slice(0, 15)}`, token);
    expect(short.status).toBe(200);
  });
});

describe('what the Salesforce CLI relies on', () => {
  it('accepts doubled slashes in paths', async () => {
    const response = await fetch(`${url}//services/data/v60.0/sobjects/Organization/${organizationId}`, {
      headers: { authorization: `Bearer ${testAdminToken}` },
    });
    expect(response.status).toBe(200);
  });

  it('reads the Organization as any signed-in user, by id and by SOQL, and refuses writes to it', async () => {
    const token = await signIn();
    const headers = { authorization: `Bearer ${token}` };
    const record = (await (
      await fetch(`${url}/services/data/v60.0/sobjects/Organization/${organizationId}`, { headers })
    ).json()) as Record<string, unknown>;
    expect(record).toMatchObject({ Id: organizationId, Name: 'b2b-checkout', IsSandbox: false, NamespacePrefix: null });
    const query = encodeURIComponent('SELECT Id, Name, OrganizationType, TrialExpirationDate FROM Organization');
    const result = (await (await fetch(`${url}/services/data/v60.0/query?q=${query}`, { headers })).json()) as {
      totalSize: number;
      records: Record<string, unknown>[];
    };
    expect(result.totalSize).toBe(1);
    expect(result.records[0]).toMatchObject({ Id: organizationId, OrganizationType: 'Enterprise Edition' });
    for (const [method, path] of [
      ['PATCH', `/services/data/v60.0/sobjects/Organization/${organizationId}`],
      ['DELETE', `/services/data/v60.0/sobjects/Organization/${organizationId}`],
      ['POST', '/services/data/v60.0/sobjects/Organization'],
    ] as const) {
      const response = await fetch(url + path, {
        method,
        headers: { authorization: `Bearer ${testAdminToken}`, 'content-type': 'application/json' },
        ...(method === 'DELETE' ? {} : { body: JSON.stringify({ Name: 'renamed' }) }),
      });
      expect(response.status, `${method} ${path}`).toBeGreaterThanOrEqual(400);
    }
    const stored = await db().selectFrom('organization').select(['id', 'name']).execute();
    expect(stored).toEqual([{ id: organizationId, name: 'b2b-checkout' }]);
  });

  it('answers columns=true with the query’s column metadata, parent fields as join columns', async () => {
    const query = encodeURIComponent('SELECT Id, Name, Owner.Username, TotalProductAmount FROM WebCart');
    const response = await fetch(`${url}/services/data/v60.0/query?q=${query}&columns=true`, {
      headers: { authorization: `Bearer ${testAdminToken}` },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ entityName: 'WebCart', groupBy: false, idSelected: true, keyPrefix: '0a6' });
    const columns = body.columnMetadata as Record<string, unknown>[];
    expect(columns.map((column) => column.columnName)).toEqual(['Id', 'Name', 'Owner', 'TotalProductAmount']);
    expect(columns[1]).toMatchObject({ apexType: 'String', textType: true, insertable: true, updatable: true });
    expect(columns[2]).toMatchObject({
      joinColumns: [{ columnName: 'Username', displayName: 'Owner.Username', apexType: 'String' }],
    });
    expect(columns[3]).toMatchObject({ numberType: true, apexType: 'Decimal' });
    // The same errors as running it.
    const bad = await fetch(
      `${url}/services/data/v60.0/query?q=${encodeURIComponent('SELECT Nope FROM WebCart')}&columns=true`,
      { headers: { authorization: `Bearer ${testAdminToken}` } },
    );
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errorCode: string }[])[0]!.errorCode).toBe('INVALID_FIELD');
  });
});

async function signIn(): Promise<string> {
  const conn = new jsforce.Connection({ loginUrl: url, version: '60.0' });
  await conn.login(buyer().username, password);
  return conn.accessToken!;
}
