/**
 * Throttling of the password grant (SPEC.md section 6), per username (any case) and per client
 * address, with counters in the database so every API server of one PostgreSQL shares them.
 *
 * An attempt is counted before its password is checked, in one short transaction (an upsert
 * whose conflict branch only applies while the subject is not locked): a burst of concurrent
 * guesses cannot all slip in before the first failure is written. The attempt that reaches the
 * limit sets the lock; a correct password then clears the username's counter and gives back
 * its one count (and the lock it set, if any) to the address: a valid account must not reset
 * its address's failures, nor lock the address by logging in.
 * While a subject is locked the attempt is refused without checking the password and without
 * counting, so hammering a locked username never lengthens its lock: the legitimate user
 * waits at most `maxLockMs` (5 minutes) from any state.
 *
 * Numbers (docs/decisions/0015-tokens-and-throttling.md): a username is locked after 5
 * consecutive failures for 1 s, doubling with each further failure (2 s, 4 s, … 256 s) up to
 * 5 minutes — about 12 guesses an hour per account after the first 5; an address after 20
 * failures (offices share one address), same growth and cap. A counter untouched for an hour
 * is forgotten.
 */
import type { Kysely } from 'kysely';
import { isIPv6 } from 'node:net';
import type { Database } from '../records/registry.js';
import type { Store } from '../store/database.js';

export interface ThrottleLimit {
  /** Consecutive failures after which the subject is locked. */
  readonly lockAfterFailures: number;
  /** The first lock; each further failure doubles it. */
  readonly firstLockMs: number;
  /** The longest lock (at most `forgetAfterMs`). */
  readonly maxLockMs: number;
}

export interface ThrottlePolicy {
  readonly username: ThrottleLimit;
  readonly address: ThrottleLimit;
  /** A counter with no attempt for this long starts again from zero. */
  readonly forgetAfterMs: number;
}

export const loginThrottlePolicy: ThrottlePolicy = {
  username: { lockAfterFailures: 5, firstLockMs: 1000, maxLockMs: 5 * 60 * 1000 },
  address: { lockAfterFailures: 20, firstLockMs: 1000, maxLockMs: 5 * 60 * 1000 },
  forgetAfterMs: 60 * 60 * 1000,
};

export interface LoginSubjects {
  readonly username: string;
  /** The client address as the server sees it (behind a balancer: configure trustProxy). */
  readonly address: string;
}

export interface Admission {
  readonly isAllowed: true;
  readonly subjects: LoginSubjects;
  /** The lock this attempt set on its address (it reached the limit), to lift on success. */
  readonly addressLockedUntil: string | null;
}

export type Reservation = Admission | { readonly isAllowed: false; readonly retryAfterSeconds: number };

/** How long the attempt that brings the count to `failureCount` locks the subject (0: not). */
export function lockDurationMs(failureCount: number, limit: ThrottleLimit): number {
  if (failureCount < limit.lockAfterFailures) return 0;
  const doublings = Math.min(failureCount - limit.lockAfterFailures, 30);
  return Math.min(limit.firstLockMs * 2 ** doublings, limit.maxLockMs);
}

export function usernameSubject(username: string): string {
  return `username:${username.normalize('NFC').toLowerCase()}`;
}

/**
 * IPv4 as is (also when mapped into IPv6); IPv6 by its /64, the block one subscriber gets, so
 * rotating addresses inside it does not escape the count.
 */
export function addressSubject(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped?.[1] !== undefined) return `address:${mapped[1]}`;
  if (!isIPv6(address)) return `address:${address}`;
  const [head = '', tail] = (address.split('%')[0] ?? '').split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  // An embedded dotted IPv4 in the tail stands for two groups.
  const tailWidth = tailGroups.length + (tailGroups.at(-1)?.includes('.') === true ? 1 : 0);
  const groups = [
    ...headGroups,
    ...Array<string>(Math.max(0, 8 - headGroups.length - tailWidth)).fill('0'),
    ...tailGroups,
  ];
  const prefix = groups.slice(0, 4).map((group) => Number.parseInt(group, 16).toString(16));
  return `address:${prefix.join(':')}::/64`;
}

class Locked extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('locked');
  }
}

/**
 * Counts one attempt of `subject` and returns the lock it set (or null), or throws Locked
 * without counting while the subject is locked.
 */
async function countAttempt(
  trx: Kysely<Database>,
  subject: string,
  limit: ThrottleLimit,
  now: Date,
): Promise<string | null> {
  const nowText = now.toISOString();
  const counted = await trx
    .insertInto('login_attempt')
    .values({ subject, failure_count: 1, last_attempt_at: nowText, locked_until: null })
    .onConflict((conflict) =>
      conflict
        .column('subject')
        .doUpdateSet((eb) => ({ failure_count: eb('login_attempt.failure_count', '+', 1), last_attempt_at: nowText }))
        .where((eb) =>
          eb.or([eb('login_attempt.locked_until', 'is', null), eb('login_attempt.locked_until', '<=', nowText)]),
        ),
    )
    .returning('failure_count')
    .executeTakeFirst();
  if (counted === undefined) {
    const row = await trx
      .selectFrom('login_attempt')
      .select('locked_until')
      .where('subject', '=', subject)
      .executeTakeFirstOrThrow();
    const remainingMs = Date.parse(row.locked_until ?? nowText) - now.getTime();
    throw new Locked(Math.max(1, Math.ceil(remainingMs / 1000)));
  }
  const lockMs = lockDurationMs(Number(counted.failure_count), limit);
  if (lockMs === 0) return null;
  const lockedUntil = new Date(now.getTime() + lockMs).toISOString();
  await trx.updateTable('login_attempt').set({ locked_until: lockedUntil }).where('subject', '=', subject).execute();
  return lockedUntil;
}

/**
 * Counts an attempt against both subjects before the password is checked, or refuses it (and
 * counts nothing) while either is locked. Forgotten counters are deleted on the way.
 */
export async function reserveLoginAttempt(
  store: Pick<Store, 'transaction'>,
  subjects: LoginSubjects,
  now: Date = new Date(),
  policy: ThrottlePolicy = loginThrottlePolicy,
): Promise<Reservation> {
  try {
    return await store.transaction(async (trx) => {
      const forgottenBefore = new Date(now.getTime() - policy.forgetAfterMs).toISOString();
      await trx.deleteFrom('login_attempt').where('last_attempt_at', '<', forgottenBefore).execute();
      // Always the same order (address, then username), so two attempts never deadlock.
      const addressLockedUntil = await countAttempt(trx, addressSubject(subjects.address), policy.address, now);
      await countAttempt(trx, usernameSubject(subjects.username), policy.username, now);
      return { isAllowed: true, subjects, addressLockedUntil } as const;
    });
  } catch (error) {
    if (error instanceof Locked) return { isAllowed: false, retryAfterSeconds: error.retryAfterSeconds };
    throw error;
  }
}

/** After a correct password: the username starts afresh; the address gets its count back. */
export async function recordLoginSuccess(store: Pick<Store, 'transaction'>, admission: Admission): Promise<void> {
  const { subjects, addressLockedUntil } = admission;
  await store.transaction(async (trx) => {
    await trx.deleteFrom('login_attempt').where('subject', '=', usernameSubject(subjects.username)).execute();
    await trx
      .updateTable('login_attempt')
      .set((eb) => ({
        failure_count: eb('failure_count', '-', 1),
        // Only the lock this attempt set: one a concurrent failure set since then stays.
        locked_until: eb
          .case()
          .when('locked_until', '=', addressLockedUntil)
          .then(null)
          .else(eb.ref('locked_until'))
          .end(),
      }))
      .where('subject', '=', addressSubject(subjects.address))
      .where('failure_count', '>', 0)
      .execute();
  });
}
