/**
 * Passwords: scrypt with a random 16-byte salt per password (SPEC.md section 6: only a slow
 * salted hash is stored). The stored text carries its parameters, so they can be raised later
 * without invalidating existing hashes. Usernames match regardless of case (a unique index on
 * lower(username) keeps them distinct that way).
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../records/registry.js';
import type { Store } from '../store/database.js';
import { revokeAccessTokens } from './access-tokens.js';

// N = 2^15 costs about 50 ms and 32 MiB per hash on a 2024 laptop: slow for a guesser, fine for a login.
const cost = { N: 2 ** 15, r: 8, p: 1 } as const;
const keyLength = 64;
const maxmem = 64 * 1024 * 1024;

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, keyLength, { ...options, maxmem }, (error, key) =>
      error === null ? resolve(key) : reject(error),
    );
  });
}

/** `scrypt$N$r$p$salt$key`, salt and key in base64url. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, cost);
  return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || salt === undefined || key === undefined) return false;
  const expected = Buffer.from(key, 'base64url');
  const actual = await derive(password, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * Sets the user's password and revokes its tokens in one transaction: whoever held a token
 * because they knew the old password loses it with the password. The hash (about 50 ms) is
 * computed before the transaction, so it never holds the write lock. False for no such user.
 */
export async function setPassword(
  store: Pick<Store, 'transaction'>,
  userId: string,
  password: string,
): Promise<boolean> {
  const passwordHash = await hashPassword(password);
  return store.transaction((trx) => writePasswordHash(trx, userId, passwordHash));
}

/** Inside the caller's transaction: the user's new password hash, and its tokens revoked. */
export async function writePasswordHash(trx: Kysely<Database>, userId: string, passwordHash: string): Promise<boolean> {
  const result = await trx
    .updateTable('app_user')
    .set({ password_hash: passwordHash })
    .where('id', '=', userId)
    .executeTakeFirst();
  await revokeAccessTokens(trx, userId);
  return result.numUpdatedRows === 1n;
}

/** The id of the active user with this username and password, or null. */
export async function authenticatePassword(
  db: Kysely<Database>,
  username: string,
  password: string,
): Promise<string | null> {
  const user = await db
    .selectFrom('app_user')
    .select(['id', 'password_hash', 'is_active'])
    .where(sql`lower(${sql.ref('username')})`, '=', sql<string>`lower(${username})`)
    .executeTakeFirst();
  // Hash anyway when the user is unknown, so response time does not reveal which usernames exist.
  const stored = user?.password_hash ?? 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AA';
  const isMatch = await verifyPassword(password, stored);
  return user !== undefined && user.is_active === 1 && isMatch ? user.id : null;
}
