/**
 * `POST /services/oauth2/token` with the OAuth 2.0 username-password grant, answered like
 * Salesforce's token endpoint so jsforce's `login` and scripts written for it work. Parameters
 * come from a form body, a JSON body or the query string. Tokens are bearer tokens stored as
 * hashes; they expire after `tokenTtlMs`.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { issueAccessToken } from '../access/access-tokens.js';
import { authenticatePassword } from '../access/passwords.js';
import type { Database } from '../records/registry.js';

// Salesforce's default session timeout is 2 hours; 12 hours suits a server-side integration.
const tokenTtlMs = 12 * 60 * 60 * 1000;
/** Our single organization's id in Salesforce's format, used only in the identity URL. */
const organizationId = '00D000000000001AAA';

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

export function instanceUrlOf(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

export function registerOAuthRoutes(app: FastifyInstance, db: Kysely<Database>): void {
  app.post('/services/oauth2/token', async (request, reply) => {
    const parameters = parametersOf(request);
    if (parameters.grant_type !== 'password') {
      return oauthError(reply, 400, 'unsupported_grant_type', 'grant type not supported');
    }
    const { username, password } = parameters;
    const userId =
      username === undefined || password === undefined ? null : await authenticatePassword(db, username, password);
    if (userId === null) return oauthError(reply, 400, 'invalid_grant', 'authentication failure');
    const token = await issueAccessToken(db, userId, { ttlMs: tokenTtlMs });
    const instanceUrl = instanceUrlOf(request);
    return {
      access_token: token,
      instance_url: instanceUrl,
      id: `${instanceUrl}/id/${organizationId}/${userId}`,
      token_type: 'Bearer',
      issued_at: String(Date.now()),
    };
  });
}
