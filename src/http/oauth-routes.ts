/**
 * `POST /services/oauth2/token` with the OAuth 2.0 username-password grant, answered like
 * Salesforce's token endpoint so jsforce's `login` and scripts written for it work. Parameters
 * come from a form body or a JSON body; the query string may carry the others, never
 * `password` or `client_secret` (URLs end up in logs, proxies and histories: such a request is
 * refused before anything is checked). Attempts are throttled per username and per client
 * address (access/sign-in-with-password.ts, shared with the SOAP `login` call); a locked one is
 * refused without checking the password.
 * Answers carry `Cache-Control: no-store` (RFC 6749 section 5.1). Tokens are bearer tokens
 * stored as hashes; they expire after `tokenTtlMs`.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { defaultTokenTtlMs } from '../access/access-tokens.js';
import { loginThrottlePolicy, type ThrottlePolicy } from '../access/login-throttle.js';
import { retryAfterText, signInWithPassword } from '../access/sign-in-with-password.js';
import { organizationId } from '../records/objects/organization.js';
import type { Store } from '../store/database.js';
const credentialParameters = ['password', 'client_secret'] as const;

export interface OAuthOptions {
  /** Lifetime of a granted token; default `defaultTokenTtlMs` (12 hours). */
  readonly tokenTtlMs?: number;
  /** Default `loginThrottlePolicy` (the documented numbers); tests lengthen the locks. */
  readonly throttlePolicy?: ThrottlePolicy;
}

function oauthError(reply: FastifyReply, status: number, error: string, description: string) {
  return reply.status(status).send({ error, error_description: description });
}

function parametersOf(request: FastifyRequest): Record<string, string> {
  const merged: Record<string, unknown> = { ...(request.query as object) };
  if (typeof request.body === 'object' && request.body !== null) Object.assign(merged, request.body);
  const parameters: Record<string, string> = {};
  for (const [name, value] of Object.entries(merged)) if (typeof value === 'string') parameters[name] = value;
  return parameters;
}

function credentialsInQuery(request: FastifyRequest): string[] {
  const query = (request.query ?? {}) as Record<string, unknown>;
  return credentialParameters.filter((name) => Object.hasOwn(query, name));
}

export function instanceUrlOf(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

export function registerOAuthRoutes(app: FastifyInstance, store: Store, options: OAuthOptions = {}): void {
  const tokenTtlMs = options.tokenTtlMs ?? defaultTokenTtlMs;
  const policy = options.throttlePolicy ?? loginThrottlePolicy;

  app.post('/services/oauth2/token', async (request, reply) => {
    void reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
    const inQuery = credentialsInQuery(request);
    if (inQuery.length > 0) {
      return oauthError(
        reply,
        400,
        'invalid_request',
        `${inQuery.join(' and ')} must be sent in the request body, never in the URL`,
      );
    }
    const parameters = parametersOf(request);
    if (parameters.grant_type !== 'password') {
      return oauthError(reply, 400, 'unsupported_grant_type', 'grant type not supported');
    }
    const outcome = await signInWithPassword(
      store,
      { username: parameters.username, password: parameters.password, address: request.ip },
      { tokenTtlMs, policy },
    );
    if (outcome.kind === 'locked') {
      void reply.header('retry-after', String(outcome.retryAfterSeconds));
      return oauthError(reply, 400, 'invalid_grant', retryAfterText(outcome.retryAfterSeconds));
    }
    if (outcome.kind === 'refused') return oauthError(reply, 400, 'invalid_grant', 'authentication failure');
    const instanceUrl = instanceUrlOf(request);
    return {
      access_token: outcome.accessToken,
      instance_url: instanceUrl,
      id: `${instanceUrl}/id/${organizationId}/${outcome.userId}`,
      token_type: 'Bearer',
      issued_at: String(Date.now()),
    };
  });
}
