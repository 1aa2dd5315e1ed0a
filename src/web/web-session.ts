/**
 * The browser session: the access token of a password sign-in, kept in an httpOnly,
 * SameSite=Strict cookie (docs/decisions/0026-web-pages.md). The token is the same kind the
 * password grant issues, stored only as a hash, expiring and revoked like any other; signing
 * out revokes it. Every form POST carries a CSRF token derived from the session token by HMAC,
 * so a page of another site can neither read nor forge it; requests a browser marks as coming
 * from another origin (Origin, Sec-Fetch-Site) are refused before that.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { userOfToken } from '../access/access-tokens.js';
import { loadCaller, type Caller } from '../access/caller.js';
import type { Database } from '../records/registry.js';

export const sessionCookie = 'b2b_session';
/** Before sign-in: a random value the sign-in form echoes (double submit), against login CSRF. */
export const signInCookie = 'b2b_signin';
export const csrfField = '_csrf';

export interface WebUser {
  readonly caller: Caller;
  readonly token: string;
  /** The value every form of this session must post as `_csrf`. */
  readonly csrfToken: string;
}

export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const separator = part.indexOf('=');
    if (separator <= 0) continue;
    const name = part.slice(0, separator).trim();
    const value = part.slice(separator + 1).trim();
    if (!cookies.has(name)) cookies.set(name, decodeURIComponent(value));
  }
  return cookies;
}

export function cookieOf(request: FastifyRequest, name: string): string | undefined {
  return parseCookies(request.headers.cookie).get(name);
}

export function setCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  name: string,
  value: string,
  maxAgeSeconds: number,
): void {
  const attributes = [
    `${name}=${encodeURIComponent(value)}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    `Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}`,
  ];
  if (request.protocol === 'https') attributes.push('Secure');
  const previous = reply.getHeader('set-cookie');
  const list = previous === undefined ? [] : Array.isArray(previous) ? previous.map(String) : [String(previous)];
  void reply.header('set-cookie', [...list, attributes.join('; ')]);
}

export function csrfTokenOf(secret: string): string {
  return createHmac('sha256', secret).update('b2b-checkout web form').digest('base64url');
}

export function newSignInNonce(): string {
  return randomBytes(24).toString('base64url');
}

export function isSameText(given: unknown, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Whether the browser says the request comes from another site. Browsers send Origin with
 * every POST and Sec-Fetch-Site with every request; a client that sends neither (curl) is
 * judged by the CSRF token alone.
 */
export function isCrossSite(request: FastifyRequest): boolean {
  const site = request.headers['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site') return true;
  const origin = request.headers.origin;
  if (origin === undefined) return false;
  return origin !== `${request.protocol}://${request.host}`;
}

/** The signed-in user of a request, or null (no cookie, unknown, expired or revoked token, inactive user). */
export async function webUserOf(db: Kysely<Database>, request: FastifyRequest): Promise<WebUser | null> {
  const token = cookieOf(request, sessionCookie);
  if (token === undefined || token === '' || token.length > 200) return null;
  const userId = await userOfToken(db, token);
  const caller = userId === null ? null : await loadCaller(db, userId);
  if (caller === null) return null;
  return { caller, token, csrfToken: csrfTokenOf(token) };
}
