/** OAuth password grant, bearer tokens, deactivated users, the password resource. */
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment -- response bodies are untyped JSON */
import jsforce from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken, issueAccessToken } from '../src/access/access-tokens.js';
import { startHttpTestServer, type HttpTestServer } from './support/http-test-server.js';

let server: HttpTestServer;
beforeAll(async () => {
  server = await startHttpTestServer();
});
afterAll(() => server.dispose());

const sessionError = [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }];

async function setPassword(userId: string, password: string) {
  return server.request('POST', `/services/data/v60.0/sobjects/User/${userId}/password`, {
    body: { NewPassword: password },
  });
}

/** A token issued now: setting a password (earlier tests do) revokes the user's older ones. */
function freshToken(userId: string) {
  return issueAccessToken(server.engine.store.db, userId);
}

function tokenRequest(body: string, contentType = 'application/x-www-form-urlencoded') {
  return server.request('POST', '/services/oauth2/token', {
    token: null,
    rawBody: body,
    headers: { 'content-type': contentType },
  });
}

describe('authentication', () => {
  it('answers 401 INVALID_SESSION_ID without a token, with an unknown token or a malformed header', async () => {
    for (const token of [null, 'not-a-token']) {
      const response = await server.request('GET', '/services/data/v60.0/sobjects', { token });
      expect(response.status).toBe(401);
      expect(response.body).toEqual(sessionError);
    }
    const basic = await server.request('GET', '/services/data/v60.0/sobjects', {
      token: null,
      headers: { authorization: 'Basic abc' },
    });
    expect(basic.status).toBe(401);
  });

  it('stores tokens only as SHA-256 hashes', async () => {
    const rows = await server.engine.store.db.selectFrom('access_token').select('token_hash').execute();
    const hashes = rows.map((row) => row.token_hash);
    expect(hashes).toContain(hashToken(server.adminToken));
    expect(hashes).not.toContain(server.adminToken);
  });

  it('grants a working token for a username and password (form and JSON), like Salesforce', async () => {
    const buyer = server.store.buyers[0]!;
    expect((await setPassword(buyer.userId, 'correct-horse-1')).status).toBe(204);
    const stored = await server.engine.store.db
      .selectFrom('app_user')
      .select('password_hash')
      .where('id', '=', buyer.userId)
      .executeTakeFirstOrThrow();
    expect(stored.password_hash).toMatch(/^scrypt\$/);
    expect(stored.password_hash).not.toContain('correct-horse-1');

    const form = await tokenRequest(
      `grant_type=password&username=${encodeURIComponent(buyer.username)}&password=correct-horse-1`,
    );
    expect(form.status).toBe(200);
    expect(form.body).toMatchObject({ token_type: 'Bearer', instance_url: server.url });
    expect(form.body.id).toContain(buyer.userId);
    const json = await tokenRequest(
      JSON.stringify({ grant_type: 'password', username: buyer.username, password: 'correct-horse-1' }),
      'application/json',
    );
    expect(json.status).toBe(200);

    const conn = new jsforce.Connection({
      instanceUrl: server.url,
      accessToken: form.body.access_token,
      version: '60.0',
    });
    const me = (await conn.sobject('User').retrieve(buyer.userId)) as Record<string, unknown>;
    expect(me.Username).toBe(buyer.username);
  });

  it('logs in with jsforce login() over the OAuth password grant', async () => {
    const buyer = server.store.buyers[1]!;
    await setPassword(buyer.userId, 'another-secret-2');
    // Client id and secret are accepted and ignored: one organization, no connected apps.
    const oauth2 = { loginUrl: server.url, clientId: 'any-client', clientSecret: 'any-secret' };
    const conn = new jsforce.Connection({ oauth2, version: '60.0' });
    const info = await conn.login(buyer.username, 'another-secret-2');
    expect(info.id).toBe(buyer.userId);
    expect((await conn.query('SELECT Id FROM User')).totalSize).toBe(1);
  });

  it('refuses bad credentials with invalid_grant and other grants with unsupported_grant_type', async () => {
    const buyer = server.store.buyers[0]!;
    const wrong = await tokenRequest(
      `grant_type=password&username=${encodeURIComponent(buyer.username)}&password=nope`,
    );
    expect(wrong.status).toBe(400);
    expect(wrong.body).toEqual({ error: 'invalid_grant', error_description: 'authentication failure' });
    const unknown = await tokenRequest('grant_type=password&username=nobody@example.com&password=whatever1');
    expect(unknown.body.error).toBe('invalid_grant');
    const other = await tokenRequest('grant_type=client_credentials');
    expect(other.body.error).toBe('unsupported_grant_type');
  });

  it("stops a deactivated user's token working", async () => {
    const buyer = server.store.buyers[1]!;
    const token = await freshToken(buyer.userId);
    expect((await server.request('GET', `/services/data/v60.0/sobjects/User/${buyer.userId}`, { token })).status).toBe(
      200,
    );
    const deactivated = await server.request('PATCH', `/services/data/v60.0/sobjects/User/${buyer.userId}`, {
      body: { IsActive: false },
    });
    expect(deactivated.status).toBe(204);
    const after = await server.request('GET', `/services/data/v60.0/sobjects/User/${buyer.userId}`, { token });
    expect(after.status).toBe(401);
    expect(after.body).toEqual(sessionError);
    const login = await tokenRequest(
      `grant_type=password&username=${encodeURIComponent(buyer.username)}&password=another-secret-2`,
    );
    expect(login.body.error).toBe('invalid_grant');
  });

  it('lets only an administrator set passwords, and enforces the password policy', async () => {
    const buyer = server.store.buyers[0]!;
    const byBuyer = await server.request('POST', `/services/data/v60.0/sobjects/User/${buyer.userId}/password`, {
      token: await freshToken(buyer.userId),
      body: { NewPassword: 'sneaky-password-9' },
    });
    expect(byBuyer.status).toBe(400);
    expect(byBuyer.body[0].errorCode).toBe('INSUFFICIENT_ACCESS_OR_READONLY');
    const weak = await setPassword(buyer.userId, 'short');
    expect(weak.status).toBe(400);
    expect(weak.body[0].errorCode).toBe('INVALID_NEW_PASSWORD');
  });
});
