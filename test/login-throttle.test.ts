/**
 * The password grant resists guessing: counters per username (any case) and per client
 * address, in the database; a lock refuses even the right password; the lock never grows
 * while it holds (SPEC.md section 6, "Tokens"). Assertions are on the stored counters and
 * locks, never on wall-clock waits: a lock "ends" by moving its time into the past.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  addressSubject,
  lockDurationMs,
  loginThrottlePolicy,
  reserveLoginAttempt,
  usernameSubject,
  type ThrottlePolicy,
} from '../src/access/login-throttle.js';
import { setPassword } from '../src/access/passwords.js';
import { buildApp } from '../src/http/app.js';
import { createMetrics } from '../src/http/metrics.js';
import { openTestEngine, type TestEngine } from './support/test-engine.js';

/**
 * The documented counts and growth, with locks long enough that no test outlives one (a
 * failed attempt costs a scrypt hash, up to a second on a busy machine).
 */
const policy: ThrottlePolicy = {
  username: { ...loginThrottlePolicy.username, firstLockMs: 60_000, maxLockMs: 10 * 60_000 },
  address: { ...loginThrottlePolicy.address, firstLockMs: 60_000, maxLockMs: 10 * 60_000 },
  forgetAfterMs: loginThrottlePolicy.forgetAfterMs,
};

let testEngine: TestEngine;
let app: FastifyInstance;
const password = 'correct-horse-11';

beforeAll(async () => {
  testEngine = await openTestEngine();
  app = buildApp({ engine: testEngine.engine, metrics: createMetrics(), loginThrottlePolicy: policy });
  for (const buyer of testEngine.store.buyers) await setPassword(testEngine.engine.store, buyer.userId, password);
});
afterAll(async () => {
  await app.close();
  await testEngine.dispose();
});
beforeEach(async () => {
  await testEngine.engine.store.db.deleteFrom('login_attempt').execute();
});

const db = () => testEngine.engine.store.db;

async function grant(username: string, secret: string, remoteAddress = '198.51.100.1') {
  const response = await app.inject({
    method: 'POST',
    url: '/services/oauth2/token',
    remoteAddress,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ grant_type: 'password', username, password: secret }).toString(),
  });
  return {
    status: response.statusCode,
    body: response.json<{ error?: string; error_description?: string; access_token?: string }>(),
    retryAfter: response.headers['retry-after'],
  };
}

async function counterOf(subject: string) {
  return db().selectFrom('login_attempt').selectAll().where('subject', '=', subject).executeTakeFirst();
}

async function tokenCount(userId: string): Promise<number> {
  return (await db().selectFrom('access_token').select('token_hash').where('user_id', '=', userId).execute()).length;
}

/** As if the lock had run out: its end moves into the past. */
async function endLock(subject: string) {
  await db()
    .updateTable('login_attempt')
    .set({ locked_until: new Date(Date.now() - 1000).toISOString() })
    .where('subject', '=', subject)
    .execute();
}

const lockedOut = /^too many failed attempts; try again in \d+ seconds?$/;

describe('password grant throttling', () => {
  it('locks a username after 5 failures and refuses even the correct password while locked', async () => {
    const buyer = testEngine.store.buyers[0]!;
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      const wrong = await grant(buyer.username, `guess-${attempt}`);
      expect(wrong.body).toEqual({ error: 'invalid_grant', error_description: 'authentication failure' });
    }
    const counter = await counterOf(usernameSubject(buyer.username));
    expect(counter?.failure_count).toBe(5);
    expect(Date.parse(counter!.locked_until!) - Date.parse(counter!.last_attempt_at)).toBe(60_000);

    const tokensBefore = await tokenCount(buyer.userId);
    const right = await grant(buyer.username, password);
    expect(right.status).toBe(400);
    expect(right.body.error).toBe('invalid_grant');
    expect(right.body.error_description).toMatch(lockedOut);
    expect(Number(right.retryAfter)).toBeGreaterThan(1);
    expect(Number(right.retryAfter)).toBeLessThanOrEqual(60);
    expect(await tokenCount(buyer.userId)).toBe(tokensBefore);
    expect(await counterOf(usernameSubject(buyer.username))).toEqual(counter);
  });

  it('never lengthens a lock by attempts made while it holds', async () => {
    const buyer = testEngine.store.buyers[0]!;
    for (let attempt = 1; attempt <= 5; attempt += 1) await grant(buyer.username, `guess-${attempt}`);
    const locked = await counterOf(usernameSubject(buyer.username));
    for (let attempt = 1; attempt <= 10; attempt += 1) {
      expect((await grant(buyer.username, `hammer-${attempt}`)).body.error_description).toMatch(lockedOut);
    }
    expect(await counterOf(usernameSubject(buyer.username))).toEqual(locked);
  });

  it('counts a username in any case and from any address', async () => {
    const buyer = testEngine.store.buyers[0]!;
    const spellings = [buyer.username, buyer.username.toUpperCase(), buyer.username.replace(/^b/, 'B')];
    for (const [index, username] of spellings.entries()) await grant(username, 'wrong-1', `203.0.113.${index + 1}`);
    expect((await counterOf(usernameSubject(buyer.username)))?.failure_count).toBe(3);
  });

  it('doubles the lock with each further failure, up to 5 minutes', async () => {
    const limit = loginThrottlePolicy.username;
    expect([4, 5, 6, 7, 13, 14, 1000].map((count) => lockDurationMs(count, limit))).toEqual([
      0, 1000, 2000, 4000, 256_000, 300_000, 300_000,
    ]);
    const buyer = testEngine.store.buyers[0]!;
    const subject = usernameSubject(buyer.username);
    for (let attempt = 1; attempt <= 5; attempt += 1) await grant(buyer.username, `guess-${attempt}`);
    await endLock(subject);
    expect((await grant(buyer.username, 'guess-6')).body.error_description).toBe('authentication failure');
    const counter = await counterOf(subject);
    expect(counter?.failure_count).toBe(6);
    expect(Date.parse(counter!.locked_until!) - Date.parse(counter!.last_attempt_at)).toBe(120_000);
  });

  it("resets a username's counter on a correct password once the lock has ended", async () => {
    const buyer = testEngine.store.buyers[0]!;
    const subject = usernameSubject(buyer.username);
    for (let attempt = 1; attempt <= 5; attempt += 1) await grant(buyer.username, `guess-${attempt}`);
    await endLock(subject);
    const right = await grant(buyer.username, password);
    expect(right.status).toBe(200);
    expect(await counterOf(subject)).toBeUndefined();
  });

  it('locks a client address after 20 failures across usernames, for every username', async () => {
    const attacker = '203.0.113.66';
    for (let attempt = 1; attempt <= 20; attempt += 1) {
      const guess = await grant(`nobody-${attempt}@example.com`, 'guess-1', attacker);
      expect(guess.body.error_description).toBe('authentication failure');
    }
    const counter = await counterOf(addressSubject(attacker));
    expect(counter?.failure_count).toBe(20);
    expect(counter?.locked_until).not.toBeNull();

    const buyer = testEngine.store.buyers[1]!;
    const tokensBefore = await tokenCount(buyer.userId);
    const fromAttacker = await grant(buyer.username, password, attacker);
    expect(fromAttacker.body.error_description).toMatch(lockedOut);
    expect(await tokenCount(buyer.userId)).toBe(tokensBefore);
    expect(await counterOf(usernameSubject(buyer.username))).toBeUndefined();
    // Elsewhere, the same user signs in.
    expect((await grant(buyer.username, password, '198.51.100.20')).status).toBe(200);
  });

  it('neither resets nor locks an address when one of its users signs in', async () => {
    const office = '192.0.2.10';
    const subject = addressSubject(office);
    await db()
      .insertInto('login_attempt')
      .values({ subject, failure_count: 19, last_attempt_at: new Date().toISOString(), locked_until: null })
      .execute();
    const buyer = testEngine.store.buyers[1]!;
    expect((await grant(buyer.username, password, office)).status).toBe(200);
    expect(await counterOf(subject)).toMatchObject({ failure_count: 19, locked_until: null });
    await grant(buyer.username, 'typo-1', office);
    expect(await counterOf(subject)).toMatchObject({ failure_count: 20 });
    expect((await counterOf(subject))?.locked_until).not.toBeNull();
  });

  it('lets a burst of concurrent guesses past the limit no further than the limit', async () => {
    const subjects = { username: 'burst@example.com', address: '198.51.100.99' };
    const now = new Date();
    const results = await Promise.all(
      Array.from({ length: 30 }, () => reserveLoginAttempt(testEngine.engine.store, subjects, now)),
    );
    expect(results.filter((result) => result.isAllowed)).toHaveLength(5);
    expect((await counterOf(usernameSubject(subjects.username)))?.failure_count).toBe(5);
    expect((await counterOf(addressSubject(subjects.address)))?.failure_count).toBe(5);
  });

  it('forgets a counter untouched for an hour', async () => {
    const subjects = { username: 'forgotten@example.com', address: '198.51.100.98' };
    const start = new Date();
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      await reserveLoginAttempt(testEngine.engine.store, subjects, start);
    }
    const later = new Date(start.getTime() + loginThrottlePolicy.forgetAfterMs + 1000);
    expect((await reserveLoginAttempt(testEngine.engine.store, subjects, later)).isAllowed).toBe(true);
    expect((await counterOf(usernameSubject(subjects.username)))?.failure_count).toBe(1);
  });

  it('counts an IPv6 client by its /64 and an IPv4-mapped client as IPv4', () => {
    expect(addressSubject('2001:db8:1:2:3:4:5:6')).toBe(addressSubject('2001:db8:1:2::9'));
    expect(addressSubject('2001:db8:1:2::9')).toBe('address:2001:db8:1:2::/64');
    expect(addressSubject('2001:db8:1:3::9')).not.toBe(addressSubject('2001:db8:1:2::9'));
    expect(addressSubject('::ffff:198.51.100.1')).toBe('address:198.51.100.1');
    expect(addressSubject('::1')).toBe('address:0:0:0:0::/64');
  });
});
