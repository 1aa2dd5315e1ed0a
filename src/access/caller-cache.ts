/**
 * Callers kept for a short while, so a request or an action call does not reload the same
 * user, contact and permission sets every time: a verified token (by its hash) → its caller,
 * and a user id → its caller. An entry lives `ttlMs`; `clear` empties everything at once and
 * runs after any change in this process that can change who a caller is (a user deactivated
 * or deleted, a password set, a permission set assigned, a contact moved). A change made by
 * another process (the CLI, a second server) takes effect when the entry expires.
 *
 * Unknown users and dead tokens are never kept: the next call looks again.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../records/registry.js';
import { hashToken, userOfToken } from './access-tokens.js';
import { loadCaller, type Caller } from './caller.js';

/** How long a verified token or a loaded caller is trusted without a look at the database. */
export const defaultCallerCacheMs = 2_000;

export interface CallerCache {
  /** The caller of an active user, or null. */
  ofUser(db: Kysely<Database>, userId: string): Promise<Caller | null>;
  /** The caller a live token stands for, or null for an unknown, expired or revoked token. */
  ofToken(db: Kysely<Database>, token: string): Promise<Caller | null>;
  /** Forgets every entry. */
  clear(): void;
}

interface Entry {
  readonly caller: Caller;
  readonly expiresMs: number;
}

/** Entries beyond this are dropped oldest first: a flood of tokens can't grow the map. */
const maxEntries = 10_000;

function createExpiringMap() {
  const entries = new Map<string, Entry>();
  return {
    get(key: string): Caller | undefined {
      const entry = entries.get(key);
      if (entry === undefined) return undefined;
      if (entry.expiresMs > performance.now()) return entry.caller;
      entries.delete(key);
      return undefined;
    },
    set(key: string, caller: Caller, ttlMs: number): void {
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
      entries.set(key, { caller, expiresMs: performance.now() + ttlMs });
    },
    clear: () => entries.clear(),
  };
}

export function createCallerCache(ttlMs: number = defaultCallerCacheMs): CallerCache {
  const byUser = createExpiringMap();
  const byToken = createExpiringMap();
  let generation = 0;
  const ofUser = async (db: Kysely<Database>, userId: string) => {
    const cached = byUser.get(userId);
    if (cached !== undefined) return cached;
    const started = generation;
    const caller = await loadCaller(db, userId);
    // A clear while the read was in flight may concern this very user: don't keep what was read.
    if (caller !== null && ttlMs > 0 && started === generation) byUser.set(userId, caller, ttlMs);
    return caller;
  };
  return {
    ofUser,
    async ofToken(db, token) {
      const key = hashToken(token);
      const cached = byToken.get(key);
      if (cached !== undefined) return cached;
      const started = generation;
      const userId = await userOfToken(db, token);
      const caller = userId === null ? null : await ofUser(db, userId);
      if (caller !== null && ttlMs > 0 && started === generation) byToken.set(key, caller, ttlMs);
      return caller;
    },
    clear() {
      generation += 1;
      byUser.clear();
      byToken.clear();
    },
  };
}
