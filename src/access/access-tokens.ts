/**
 * Bearer tokens. A token is 32 random bytes shown to its owner once; the database keeps only
 * its SHA-256 (SPEC.md section 6), which is enough for a secret of that entropy: a stolen
 * table yields no usable token, and a lookup stays one indexed read.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../records/registry.js';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

export interface IssueOptions {
  /** Use this token rather than a random one (a configured administrator token). */
  readonly token?: string;
  /** Lifetime; omitted, the token does not expire. */
  readonly ttlMs?: number;
}

/** Stores a token for the user and returns it (idempotent for a given `token`). */
export async function issueAccessToken(
  db: Kysely<Database>,
  userId: string,
  options: IssueOptions = {},
): Promise<string> {
  const token = options.token ?? generateToken();
  const now = new Date();
  await db
    .insertInto('access_token')
    .values({
      token_hash: hashToken(token),
      user_id: userId,
      created_at: now.toISOString(),
      expires_at: options.ttlMs === undefined ? null : new Date(now.getTime() + options.ttlMs).toISOString(),
    })
    .onConflict((conflict) => conflict.column('token_hash').doUpdateSet({ user_id: userId }))
    .execute();
  return token;
}

/** The user a live token belongs to, or null for an unknown or expired token. */
export async function userOfToken(db: Kysely<Database>, token: string): Promise<string | null> {
  const row = await db
    .selectFrom('access_token')
    .select(['user_id', 'expires_at'])
    .where('token_hash', '=', hashToken(token))
    .executeTakeFirst();
  if (row === undefined) return null;
  if (row.expires_at !== null && row.expires_at <= new Date().toISOString()) return null;
  return row.user_id;
}

export async function hasAccessToken(db: Kysely<Database>, userId: string): Promise<boolean> {
  const row = await db.selectFrom('access_token').select('token_hash').where('user_id', '=', userId).executeTakeFirst();
  return row !== undefined;
}

export async function revokeAccessTokens(db: Kysely<Database>, userId: string): Promise<void> {
  await db.deleteFrom('access_token').where('user_id', '=', userId).execute();
}
