/**
 * Who a token stands for, the two ways Salesforce's clients ask: the identity URL of the token
 * response (`GET /id/{organization id}/{user id}`, jsforce's `identity()`) and OpenID Connect
 * user info (`GET|POST /services/oauth2/userinfo`, the Salesforce CLI's first call). Both take
 * the token from the `Authorization` header only (jsforce also repeats it in the query string,
 * which is ignored: URLs end up in logs). Refusals are the identity service's: 403 with the
 * reason as plain text (`Missing_OAuth_Token`, `Bad_OAuth_Token`, `Wrong_Org`), 404 `Bad_Id`
 * for any identity but the token's own.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { userOfToken } from '../access/access-tokens.js';
import { loadIdentity, type Identity } from '../access/load-identity.js';
import { normalizeId } from '../records/ids.js';
import { organizationId } from '../records/objects/organization.js';
import { toSalesforceDateTime } from '../records/to-api-record.js';
import type { Store } from '../store/database.js';
import { bearerTokenOf } from './authenticate.js';
import { instanceUrlOf } from './oauth-routes.js';

class IdentityRefusal extends Error {
  constructor(
    readonly status: 403 | 404,
    readonly reason: string,
  ) {
    super(reason);
  }
}

async function identityOfRequest(store: Store, request: FastifyRequest): Promise<Identity> {
  const token = bearerTokenOf(request);
  if (token === null) throw new IdentityRefusal(403, 'Missing_OAuth_Token');
  const userId = await userOfToken(store.db, token);
  const identity = userId === null ? null : await loadIdentity(store.db, userId);
  if (identity === null) throw new IdentityRefusal(403, 'Bad_OAuth_Token');
  return identity;
}

function refuse(reply: FastifyReply, refusal: IdentityRefusal) {
  return reply.status(refusal.status).type('text/plain; charset=utf-8').send(refusal.reason);
}

/** The URLs Salesforce lists for a user; `{version}` is written as such, clients fill it in. */
function urlsOf(instanceUrl: string, userId: string) {
  const rest = `${instanceUrl}/services/data/v{version}/`;
  return {
    partner: `${instanceUrl}/services/Soap/u/{version}/${organizationId.slice(0, 15)}`,
    rest,
    sobjects: `${rest}sobjects/`,
    query: `${rest}query/`,
    profile: `${instanceUrl}/${userId}`,
    users: `${rest}sobjects/User/`,
  };
}

function displayNameOf(identity: Identity): string {
  return [identity.firstName, identity.lastName].filter((part) => part !== null && part !== '').join(' ');
}

const locale = { language: 'en_US', locale: 'en_US', utcOffset: 0, timezone: 'GMT' } as const;

export function identityResponse(instanceUrl: string, identity: Identity) {
  return {
    id: `${instanceUrl}/id/${organizationId}/${identity.userId}`,
    asserted_user: true,
    user_id: identity.userId,
    organization_id: organizationId,
    username: identity.username,
    nick_name: identity.username.split('@')[0] ?? identity.username,
    display_name: displayNameOf(identity),
    email: identity.email,
    email_verified: false,
    first_name: identity.firstName,
    last_name: identity.lastName,
    timezone: locale.timezone,
    photos: { picture: null, thumbnail: null },
    status: { created_date: null, body: null },
    urls: urlsOf(instanceUrl, identity.userId),
    active: true,
    user_type: 'STANDARD',
    language: locale.language,
    locale: locale.locale,
    utcOffset: locale.utcOffset,
    last_modified_date: toSalesforceDateTime(identity.lastModifiedDate),
  };
}

export function userInfoResponse(instanceUrl: string, identity: Identity) {
  return {
    sub: `${instanceUrl}/id/${organizationId}/${identity.userId}`,
    user_id: identity.userId,
    organization_id: organizationId,
    preferred_username: identity.username,
    nickname: identity.username.split('@')[0] ?? identity.username,
    name: displayNameOf(identity),
    email: identity.email,
    email_verified: false,
    given_name: identity.firstName,
    family_name: identity.lastName,
    zoneinfo: locale.timezone,
    photos: { picture: null, thumbnail: null },
    profile: `${instanceUrl}/${identity.userId}`,
    picture: null,
    address: {},
    urls: urlsOf(instanceUrl, identity.userId),
    active: true,
    user_type: 'STANDARD',
    language: locale.language,
    locale: locale.locale,
    utc_offset: locale.utcOffset,
    updated_at: toSalesforceDateTime(identity.lastModifiedDate),
  };
}

export function registerIdentityRoutes(app: FastifyInstance, store: Store): void {
  const userInfo = async (request: FastifyRequest, reply: FastifyReply) => {
    try {
      return userInfoResponse(instanceUrlOf(request), await identityOfRequest(store, request));
    } catch (error) {
      if (error instanceof IdentityRefusal) return refuse(reply, error);
      throw error;
    }
  };
  app.get('/services/oauth2/userinfo', userInfo);
  app.post('/services/oauth2/userinfo', userInfo);

  app.get<{ Params: { organizationId: string; userId: string } }>(
    '/id/:organizationId/:userId',
    async (request, reply) => {
      try {
        const identity = await identityOfRequest(store, request);
        // 15-character ids name the same records (Salesforce's own links use them).
        const { params } = request;
        if (normalizeId(params.organizationId) !== organizationId) throw new IdentityRefusal(403, 'Wrong_Org');
        if (normalizeId(params.userId) !== identity.userId) throw new IdentityRefusal(404, 'Bad_Id');
        return identityResponse(instanceUrlOf(request), identity);
      } catch (error) {
        if (error instanceof IdentityRefusal) return refuse(reply, error);
        throw error;
      }
    },
  );
}
