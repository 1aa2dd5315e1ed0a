/**
 * What every web request carries once the scope's hooks ran (register-web.ts): its form body
 * and its signed-in user. `requireUser` and `requireInternal` throw the errors the web error
 * page turns into a sign-in redirect or a 403 page.
 */
import type { FastifyRequest } from 'fastify';
import { isInternalCaller } from '../access/caller.js';
import { ApiError } from '../http/api-error.js';
import type { WebUser } from './web-session.js';

const users = new WeakMap<FastifyRequest, WebUser | null>();

export function rememberUser(request: FastifyRequest, user: WebUser | null): void {
  users.set(request, user);
}

export function userOf(request: FastifyRequest): WebUser | null {
  return users.get(request) ?? null;
}

export const signInRequired = () => new ApiError('INVALID_SESSION_ID', 401, 'Please sign in');

export function requireUser(request: FastifyRequest): WebUser {
  const user = userOf(request);
  if (user === null) throw signInRequired();
  return user;
}

/** Administrators and integrators (the operations console). */
export function requireInternal(request: FastifyRequest): WebUser {
  const user = requireUser(request);
  if (!isInternalCaller(user.caller)) {
    throw new ApiError('INSUFFICIENT_ACCESS_OR_READONLY', 403, 'The console is for administrators and integrators');
  }
  return user;
}

/** The urlencoded form body as text fields (a repeated field keeps its first value). */
export function formOf(request: FastifyRequest): Record<string, string> {
  const body = request.body;
  return typeof body === 'object' && body !== null ? (body as Record<string, string>) : {};
}

export function parseForm(text: string): Record<string, string> {
  const form: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [name, value] of new URLSearchParams(text)) if (!(name in form)) form[name] = value;
  return form;
}
