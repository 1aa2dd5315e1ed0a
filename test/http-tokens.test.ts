/**
 * Tokens die with what they stood for, expire, and are granted only over a hardened endpoint;
 * usernames are unique regardless of case (SPEC.md section 6, "Tokens"). Each case is the
 * attack first, then what must not have changed.
 */
/* eslint-disable @typescript-eslint/no-unsafe-member-access -- response bodies are untyped JSON */
import { Writable } from 'node:stream';
import { Migrator, type Migration } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken, issueAccessToken } from '../src/access/access-tokens.js';
import { setPassword } from '../src/access/passwords.js';
import { systemUserId } from '../src/access/permission-sets.js';
import { loadConfig } from '../src/config.js';
import { buildApp } from '../src/http/app.js';
import { createMetrics } from '../src/http/metrics.js';
import { redactUrl } from '../src/http/serialize-request.js';
import { startServer } from '../src/main.js';
import { openStore } from '../src/store/database.js';
import { insertRecord } from '../src/store/insert-record.js';
import { initialSchema } from '../src/store/migrations/0001-initial-schema.js';
import { loginAttempts } from '../src/store/migrations/0002-login-attempts.js';
import { startHttpTestServer, type HttpTestServer } from './support/http-test-server.js';
import { createTestDatabase } from './support/test-database.js';

let server: HttpTestServer;
beforeAll(async () => {
  server = await startHttpTestServer();
});
afterAll(() => server.dispose());

const v = '/services/data/v60.0';
const sessionError = [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }];

function form(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

function grant(username: string, password: string) {
  return server.request('POST', '/services/oauth2/token', {
    token: null,
    rawBody: form({ grant_type: 'password', username, password }),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
}

async function tokenRowsOf(userId: string) {
  return server.engine.store.db.selectFrom('access_token').selectAll().where('user_id', '=', userId).execute();
}

async function statusWith(token: string): Promise<number> {
  return (await server.request('GET', `${v}/sobjects`, { token })).status;
}

describe('revocation', () => {
  it('refuses the old administrator token once the server restarts with a new B2B_CHECKOUT_ADMIN_TOKEN', async () => {
    const database = await createTestDatabase();
    const oldToken = 'old-administrator-token-0123456789';
    const newToken = 'new-administrator-token-9876543210';
    const start = (adminToken: string) =>
      startServer(
        loadConfig(
          { db: database.url, port: '0', workers: '0' },
          { B2B_CHECKOUT_ADMIN_TOKEN: adminToken, LOG_LEVEL: 'silent' },
        ),
      );
    const call = (url: string, token: string) =>
      fetch(`${url}${v}/sobjects`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);
    try {
      const first = await start(oldToken);
      expect(await call(first.url, oldToken)).toBe(200);
      // A second token of the administrator (say, from the password grant) survives a restart
      // with the same configured token, and dies with a new one.
      const other = await issueAccessToken(first.engine.store.db, first.administrator.userId);
      await first.close();

      const same = await start(oldToken);
      expect(await call(same.url, oldToken)).toBe(200);
      expect(await call(same.url, other)).toBe(200);
      await same.close();

      const rotated = await start(newToken);
      try {
        expect(await call(rotated.url, oldToken)).toBe(401);
        expect(await call(rotated.url, other)).toBe(401);
        expect(await call(rotated.url, newToken)).toBe(200);
        const rows = await rotated.engine.store.db
          .selectFrom('access_token')
          .select(['token_hash', 'expires_at'])
          .where('user_id', '=', rotated.administrator.userId)
          .execute();
        expect(rows.map((row) => row.token_hash)).toEqual([hashToken(newToken)]);
        // Re-issued with a fresh expiry: the default 12 hours from this start.
        const expiresInMs = Date.parse(rows[0]!.expires_at!) - Date.now();
        expect(expiresInMs).toBeGreaterThan(11 * 60 * 60 * 1000);
        expect(expiresInMs).toBeLessThanOrEqual(12 * 60 * 60 * 1000);
      } finally {
        await rotated.close();
      }
    } finally {
      await database.drop();
    }
  });

  it("refuses a buyer's token after an administrator changes its password", async () => {
    const buyer = server.store.buyers[0]!;
    const token = await issueAccessToken(server.engine.store.db, buyer.userId);
    expect(await statusWith(token)).toBe(200);
    const changed = await server.request('POST', `${v}/sobjects/User/${buyer.userId}/password`, {
      body: { NewPassword: 'rotated-secret-1' },
    });
    expect(changed.status).toBe(204);
    const after = await server.request('GET', `${v}/sobjects`, { token });
    expect(after.status).toBe(401);
    expect(after.body).toEqual(sessionError);
    expect(await tokenRowsOf(buyer.userId)).toEqual([]);
    // The new password grants a working token.
    const login = await grant(buyer.username, 'rotated-secret-1');
    expect(login.status).toBe(200);
    expect(await statusWith(String(login.body.access_token))).toBe(200);
  });

  it('revokes on every path that sets a password, not only the REST resource', async () => {
    const buyer = server.store.buyers[0]!;
    const token = await issueAccessToken(server.engine.store.db, buyer.userId);
    expect(await setPassword(server.engine.store, buyer.userId, 'rotated-secret-2')).toBe(true);
    expect(await statusWith(token)).toBe(401);
  });

  it("refuses a buyer's token after deactivation, and still after reactivation", async () => {
    const buyer = server.store.buyers[1]!;
    await setPassword(server.engine.store, buyer.userId, 'reactivated-secret-3');
    const token = await issueAccessToken(server.engine.store.db, buyer.userId);
    expect(await statusWith(token)).toBe(200);
    const patch = (isActive: boolean) =>
      server.request('PATCH', `${v}/sobjects/User/${buyer.userId}`, { body: { IsActive: isActive } });
    expect((await patch(false)).status).toBe(204);
    expect(await statusWith(token)).toBe(401);
    expect(await tokenRowsOf(buyer.userId)).toEqual([]);
    expect((await patch(true)).status).toBe(204);
    expect(await statusWith(token)).toBe(401);
    expect(await tokenRowsOf(buyer.userId)).toEqual([]);
    // The reactivated user signs in again and gets a new token.
    expect((await grant(buyer.username, 'reactivated-secret-3')).status).toBe(200);
  });

  it('keeps the tokens when the deactivation itself fails (one transaction)', async () => {
    const [buyer, other] = [server.store.buyers[1]!, server.store.buyers[0]!];
    const token = await issueAccessToken(server.engine.store.db, buyer.userId);
    const failed = await server.request('PATCH', `${v}/sobjects/User/${buyer.userId}`, {
      body: { IsActive: false, Username: other.username.toUpperCase() },
    });
    expect(failed.status).toBe(400);
    expect(failed.body[0].errorCode).toBe('DUPLICATE_VALUE');
    expect(await statusWith(token)).toBe(200);
    const user = await server.request('GET', `${v}/sobjects/User/${buyer.userId}`);
    expect(user.body).toMatchObject({ IsActive: true, Username: buyer.username });
  });
});

describe('expiry', () => {
  it('refuses an expired token, and a token stored without an expiry', async () => {
    const buyer = server.store.buyers[0]!;
    const expired = 'expired-token-0123456789abcdefghij';
    const endless = 'endless-token-0123456789abcdefghij';
    await server.engine.store.db
      .insertInto('access_token')
      .values([
        {
          token_hash: hashToken(expired),
          user_id: buyer.userId,
          created_at: '2020-01-01T00:00:00.000Z',
          expires_at: new Date(Date.now() - 60_000).toISOString(),
        },
        {
          token_hash: hashToken(endless),
          user_id: buyer.userId,
          created_at: '2020-01-01T00:00:00.000Z',
          expires_at: null,
        },
      ])
      .execute();
    for (const token of [expired, endless]) {
      const response = await server.request('GET', `${v}/sobjects`, { token });
      expect(response.status).toBe(401);
      expect(response.body).toEqual(sessionError);
    }
  });

  it('gives every granted token the configured lifetime', async () => {
    const buyer = server.store.buyers[0]!;
    await setPassword(server.engine.store, buyer.userId, 'lifetime-secret-4');
    const app = buildApp({ engine: server.engine, metrics: createMetrics(), tokenTtlMs: 90_000 });
    try {
      const response = await app.inject({
        method: 'POST',
        url: '/services/oauth2/token',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: form({ grant_type: 'password', username: buyer.username, password: 'lifetime-secret-4' }),
      });
      expect(response.statusCode).toBe(200);
      const token = response.json<{ access_token: string }>().access_token;
      const row = await server.engine.store.db
        .selectFrom('access_token')
        .select(['created_at', 'expires_at'])
        .where('token_hash', '=', hashToken(token))
        .executeTakeFirstOrThrow();
      expect(Date.parse(row.expires_at!) - Date.parse(row.created_at)).toBe(90_000);
    } finally {
      await app.close();
    }
  });

  it('reads the lifetime from B2B_CHECKOUT_TOKEN_TTL_SECONDS and refuses a nonsensical one', () => {
    expect(loadConfig({}, {}).tokenTtlSeconds).toBe(12 * 60 * 60);
    expect(loadConfig({}, { B2B_CHECKOUT_TOKEN_TTL_SECONDS: '3600' }).tokenTtlSeconds).toBe(3600);
    expect(() => loadConfig({}, { B2B_CHECKOUT_TOKEN_TTL_SECONDS: '0' })).toThrow(/tokenTtlSeconds/);
    expect(() => loadConfig({}, { B2B_CHECKOUT_TOKEN_TTL_SECONDS: 'forever' })).toThrow(/tokenTtlSeconds/);
  });
});

describe('the token endpoint', () => {
  it('refuses a password or client secret in the query string, and keeps them out of the logs', async () => {
    const buyer = server.store.buyers[0]!;
    await setPassword(server.engine.store, buyer.userId, 'query-secret-5');
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const app = buildApp({ engine: server.engine, metrics: createMetrics(), logger: pino({ level: 'info' }, sink) });
    const before = await tokenRowsOf(buyer.userId);
    try {
      const inQuery = await app.inject({
        method: 'POST',
        url: `/services/oauth2/token?${form({ grant_type: 'password', username: buyer.username, password: 'query-secret-5' })}`,
      });
      expect(inQuery.statusCode).toBe(400);
      expect(inQuery.json()).toEqual({
        error: 'invalid_request',
        error_description: 'password must be sent in the request body, never in the URL',
      });
      const secret = await app.inject({
        method: 'POST',
        url: '/services/oauth2/token?client_secret=top-secret-6&PassWord=mixed-case-7',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: form({ grant_type: 'password', username: buyer.username, password: 'query-secret-5' }),
      });
      expect(secret.statusCode).toBe(400);
      expect(secret.json()).toMatchObject({ error: 'invalid_request' });
    } finally {
      await app.close();
    }
    expect(await tokenRowsOf(buyer.userId)).toEqual(before);
    const log = lines.join('');
    expect(log).toContain('/services/oauth2/token?');
    expect(log).toContain('REDACTED');
    for (const secret of ['query-secret-5', 'top-secret-6', 'mixed-case-7']) expect(log).not.toContain(secret);
  });

  it('redacts every credential parameter of a logged URL and leaves other URLs alone', () => {
    expect(redactUrl('/services/data/v60.0/query?q=SELECT+Id+FROM+User')).toBe(
      '/services/data/v60.0/query?q=SELECT+Id+FROM+User',
    );
    const redacted = redactUrl(
      '/x?access_token=a1&refresh_token=b2&pass%77ord=c3&client_secret=d4&keep=e5&password[]=f6&PASSWORD=g7',
    );
    for (const secret of ['a1', 'b2', 'c3', 'd4', 'f6', 'g7']) expect(redacted).not.toContain(secret);
    expect(redacted).toContain('keep=e5');
  });

  it('answers with Cache-Control: no-store and Pragma: no-cache, granted or refused', async () => {
    const buyer = server.store.buyers[0]!;
    await setPassword(server.engine.store, buyer.userId, 'cache-secret-8');
    for (const password of ['cache-secret-8', 'wrong-secret-9']) {
      const response = await grant(buyer.username, password);
      expect(response.status).toBe(password === 'cache-secret-8' ? 200 : 400);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('pragma')).toBe('no-cache');
    }
  });
});

describe('usernames', () => {
  it('refuses a new user whose username differs from an existing one only by case, with DUPLICATE_VALUE', async () => {
    const buyer = server.store.buyers[0]!;
    const countUsers = async () => (await server.engine.store.db.selectFrom('app_user').select('id').execute()).length;
    const before = await countUsers();
    const created = await server.request('POST', `${v}/sobjects/User`, {
      body: { Username: buyer.username.toUpperCase(), LastName: 'Impostor' },
    });
    expect(created.status).toBe(400);
    expect(created.body[0].errorCode).toBe('DUPLICATE_VALUE');
    expect(await countUsers()).toBe(before);
  });

  it('signs in with the username in any case', async () => {
    const buyer = server.store.buyers[0]!;
    await setPassword(server.engine.store, buyer.userId, 'any-case-secret-10');
    const response = await grant(buyer.username.toUpperCase(), 'any-case-secret-10');
    expect(response.status).toBe(200);
    expect(response.body.id).toContain(buyer.userId);
  });

  it('stops the upgrade with the list when stored usernames already differ only by case', async () => {
    const database = await createTestDatabase();
    const store = openStore({ url: database.url });
    const migrations: Record<string, Migration> = {
      '0001-initial-schema': initialSchema(store.dialect),
      '0002-login-attempts': loginAttempts,
    };
    const migrator = new Migrator({ db: store.db, provider: { getMigrations: () => Promise.resolve(migrations) } });
    try {
      expect((await migrator.migrateTo('0001-initial-schema')).error).toBeUndefined();
      for (const username of ['Twin@Example.com', 'twin@example.com']) {
        await insertRecord(store.db, 'user', { username, last_name: 'Twin' }, systemUserId);
      }
      const { error } = await migrator.migrateToLatest();
      expect(String(error)).toContain('differ only by case: Twin@Example.com, twin@example.com');
      const applied = await migrator.getMigrations();
      expect(applied.map((migration) => migration.executedAt !== undefined)).toEqual([true, false]);
    } finally {
      await store.close();
      await database.drop();
    }
  });
});
