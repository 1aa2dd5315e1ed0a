/**
 * Signing in with a username and a password, the one path behind the OAuth password grant and
 * the SOAP `login` call: throttled per username and per client address (login-throttle.ts;
 * a locked subject is refused without checking the password), checked against the slow hash,
 * and answered with a new access token. Each route only translates the outcome into its
 * protocol's answer.
 */
import { objects } from '../records/registry.js';
import type { Store } from '../store/database.js';
import { issueAccessToken } from './access-tokens.js';
import { loginThrottlePolicy, recordLoginSuccess, reserveLoginAttempt, type ThrottlePolicy } from './login-throttle.js';
import { authenticatePassword } from './passwords.js';

export interface PasswordSignIn {
  readonly username: string | undefined;
  readonly password: string | undefined;
  /** The client address as the server sees it (behind a balancer: configure trustProxy). */
  readonly address: string;
}

export interface SignInOptions {
  /** Lifetime of the token; default `defaultTokenTtlMs`. */
  readonly tokenTtlMs?: number;
  readonly policy?: ThrottlePolicy;
}

export type SignInOutcome =
  | { readonly kind: 'signedIn'; readonly userId: string; readonly accessToken: string }
  | { readonly kind: 'refused' }
  | { readonly kind: 'locked'; readonly retryAfterSeconds: number };

const usernameLength = objects.user.fields.username.length ?? 80;

export async function signInWithPassword(
  store: Store,
  attempt: PasswordSignIn,
  options: SignInOptions = {},
): Promise<SignInOutcome> {
  const { username, password, address } = attempt;
  // No such user can exist: nothing to guess, nothing to count.
  if (username === undefined || password === undefined || username === '' || username.length > usernameLength) {
    return { kind: 'refused' };
  }
  const reservation = await reserveLoginAttempt(
    store,
    { username, address },
    new Date(),
    options.policy ?? loginThrottlePolicy,
  );
  if (!reservation.isAllowed) return { kind: 'locked', retryAfterSeconds: reservation.retryAfterSeconds };
  const userId = await authenticatePassword(store.db, username, password);
  if (userId === null) return { kind: 'refused' };
  await recordLoginSuccess(store, reservation);
  const accessToken = await issueAccessToken(
    store.db,
    userId,
    options.tokenTtlMs === undefined ? {} : { ttlMs: options.tokenTtlMs },
  );
  return { kind: 'signedIn', userId, accessToken };
}

/** "try again in 3 seconds": the wait a locked attempt is told about. */
export function retryAfterText(seconds: number): string {
  return `too many failed attempts; try again in ${seconds} second${seconds === 1 ? '' : 's'}`;
}
