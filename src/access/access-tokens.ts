/**
 * Bearer tokens. A token is the organization id and 32 random bytes, shown to its owner once;
 * the database keeps only its SHA-256 (SPEC.md section 6), which is enough for a secret of
 * that entropy: a stolen table yields no usable token, and a lookup stays one indexed read.
 *
 * Every token expires (`defaultTokenTtlMs` unless configured), and dies with what it stood for:
 * `revokeAccessTokens` runs in the transaction that changes a password, deactivates a user or
 * replaces the configured administrator token (docs/decisions/0015-tokens-and-throttling.md).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { ExpressionBuilder, Kysely } from 'kysely';
import { organizationId } from '../records/objects/organization.js';
import type { Database } from '../records/registry.js';
import { databaseIsoIn, databaseNowIso, dialectOf } from '../store/database-now.js';

// Salesforce's default session timeout is 2 hours; 12 hours suits a server-side integration.
export const defaultTokenTtlMs = 12 * 60 * 60 * 1000;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * `<organization id>!<secret>`, the shape Salesforce's clients expect (the CLI refuses any
 * other): 32 random bytes in base64url with `-` written `.`, since the secret part may hold
 * only letters, digits, `_` and `.`.
 */
export function generateToken(): string {
  return `${organizationId}!${randomBytes(32).toString('base64url').replaceAll('-', '.')}`;
}

/**
 * The one place expiry is decided, on the database's clock (DESIGN.md rule 9: servers with
 * skewed clocks share tokens), as ISO text that sorts like time. A token without an expiry is
 * dead.
 */
function isLive(db: Kysely<Database>) {
  const now = databaseNowIso(dialectOf(db));
  return (eb: ExpressionBuilder<Database, 'access_token'>) => eb('expires_at', '>', now);
}

export interface IssueOptions {
  /** Use this token rather than a random one (a configured administrator token). */
  readonly token?: string;
  /** Lifetime; default `defaultTokenTtlMs`. Issuing a known `token` again renews its expiry. */
  readonly ttlMs?: number;
}

/** Stores a token for the user and returns it (idempotent for a given `token`). */
export async function issueAccessToken(
  db: Kysely<Database>,
  userId: string,
  options: IssueOptions = {},
): Promise<string> {
  const token = options.token ?? generateToken();
  const dialect = dialectOf(db);
  const expiresAt = databaseIsoIn(dialect, options.ttlMs ?? defaultTokenTtlMs);
  // The user's dead tokens go now, so the table holds about one row per live token.
  const live = isLive(db);
  await db
    .deleteFrom('access_token')
    .where('user_id', '=', userId)
    .where((eb) => eb.not(live(eb)))
    .execute();
  await db
    .insertInto('access_token')
    .values({
      token_hash: hashToken(token),
      user_id: userId,
      created_at: databaseNowIso(dialect),
      expires_at: expiresAt,
    })
    .onConflict((conflict) => conflict.column('token_hash').doUpdateSet({ user_id: userId, expires_at: expiresAt }))
    .execute();
  return token;
}

/** The user a live token belongs to, or null for an unknown, expired or revoked token. */
export async function userOfToken(db: Kysely<Database>, token: string): Promise<string | null> {
  const row = await db
    .selectFrom('access_token')
    .select('user_id')
    .where('token_hash', '=', hashToken(token))
    .where(isLive(db))
    .executeTakeFirst();
  return row?.user_id ?? null;
}

/** True when `token` is a live token of the user (a configured token that did not change). */
export async function isLiveTokenOf(db: Kysely<Database>, userId: string, token: string): Promise<boolean> {
  return (await userOfToken(db, token)) === userId;
}

export async function hasLiveAccessToken(db: Kysely<Database>, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom('access_token')
    .select('token_hash')
    .where('user_id', '=', userId)
    .where(isLive(db))
    .executeTakeFirst();
  return row !== undefined;
}

/** Ends every token of the user; call it in the transaction of the change that requires it. */
export async function revokeAccessTokens(db: Kysely<Database>, userId: string): Promise<void> {
  await db.deleteFrom('access_token').where('user_id', '=', userId).execute();
}

/** Ends one token (a browser session signing out); the user's other tokens live on. */
export async function revokeAccessToken(db: Kysely<Database>, token: string): Promise<void> {
  await db.deleteFrom('access_token').where('token_hash', '=', hashToken(token)).execute();
}
