/**
 * Bearer authentication: `Authorization: Bearer <token>` → the calling user, loaded with its
 * permissions for this request. A missing, unknown or expired token, or the token of a user
 * that is now inactive, is answered 401 INVALID_SESSION_ID before any route code runs.
 */
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { userOfToken } from '../access/access-tokens.js';
import { loadCaller, type Caller } from '../access/caller.js';
import type { Database } from '../records/registry.js';
import { invalidSession } from './api-error.js';

const callers = new WeakMap<FastifyRequest, Caller>();

/** The authenticated caller of a request that passed `authenticate`. */
export function callerOf(request: FastifyRequest): Caller {
  const caller = callers.get(request);
  if (caller === undefined) throw new Error('callerOf used on a route without authentication');
  return caller;
}

export function bearerTokenOf(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (header === undefined) return null;
  // jsforce and Salesforce's own tools send "Bearer"; older clients send "OAuth".
  const match = /^(?:Bearer|OAuth)\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}

/** An onRequest hook that authenticates or answers 401. */
export function authenticate(db: Kysely<Database>) {
  return async (request: FastifyRequest): Promise<void> => {
    const token = bearerTokenOf(request);
    const userId = token === null ? null : await userOfToken(db, token);
    const caller = userId === null ? null : await loadCaller(db, userId);
    if (caller === null) throw invalidSession();
    callers.set(request, caller);
  };
}
