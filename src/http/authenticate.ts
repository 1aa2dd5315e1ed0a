/**
 * Bearer authentication: `Authorization: Bearer <token>` → the calling user, loaded with its
 * permissions for this request. A missing, unknown or expired token, or the token of a user
 * that is now inactive, is answered 401 INVALID_SESSION_ID before any route code runs.
 */
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Caller } from '../access/caller.js';
import type { CallerCache } from '../access/caller-cache.js';
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

/** An onRequest hook that authenticates (through the engine's caller cache) or answers 401. */
export function authenticate(db: Kysely<Database>, cache: CallerCache) {
  return async (request: FastifyRequest): Promise<void> => {
    const token = bearerTokenOf(request);
    const caller = token === null ? null : await cache.ofToken(db, token);
    if (caller === null) throw invalidSession();
    callers.set(request, caller);
  };
}

/** Objects whose writes can change who a caller is: the user, its contact, its permission sets. */
const callerObjects = new Set(['User', 'Contact', 'PermissionSetAssignment', 'PermissionSet']);

/**
 * An onSend hook: after a successful write that can change a caller (the transaction has
 * committed by then), the cache is emptied before the client reads the answer.
 */
export function forgetCallersAfterWrites(cache: CallerCache) {
  return <T>(request: FastifyRequest, reply: { statusCode: number }, payload: T): Promise<T> => {
    const isWrite = request.method !== 'GET' && request.method !== 'HEAD' && reply.statusCode < 400;
    const type = (request.params as { type?: unknown } | undefined)?.type;
    const isPassword = /\/sobjects\/User\/[^/]+\/password$/.test(request.routeOptions.url ?? '');
    if (isWrite && (isPassword || (typeof type === 'string' && callerObjects.has(type)))) cache.clear();
    return Promise.resolve(payload);
  };
}
