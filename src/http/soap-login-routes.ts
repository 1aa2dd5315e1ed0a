/**
 * `POST /services/Soap/u/{version}`: of Salesforce's SOAP partner API, only the `login` call
 * (jsforce's `conn.login(username, password)` without an OAuth client). It signs in exactly as
 * the OAuth password grant does (access/sign-in-with-password.ts: same throttling, same
 * tokens) and answers a `LoginResult` whose `sessionId` is the access token and whose
 * `serverUrl` names this server. Any other operation, and anything that is not a SOAP envelope,
 * gets a SOAP fault with status 500, as SOAP 1.1 requires; nothing is counted or stored for it.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { defaultTokenTtlMs } from '../access/access-tokens.js';
import { loginThrottlePolicy, type ThrottlePolicy } from '../access/login-throttle.js';
import { loadIdentity } from '../access/load-identity.js';
import { retryAfterText, signInWithPassword } from '../access/sign-in-with-password.js';
import { organizationId } from '../records/objects/organization.js';
import type { Store } from '../store/database.js';
import { parseApiVersion } from './api-versions.js';
import { instanceUrlOf } from './oauth-routes.js';
import { MalformedEnvelope, readSoapCall, soapFault, soapResponse, type SoapFault } from './soap-envelope.js';

export interface SoapLoginOptions {
  readonly tokenTtlMs?: number;
  readonly throttlePolicy?: ThrottlePolicy;
}

/** A login envelope is a few hundred bytes. */
const bodyLimitBytes = 64 * 1024;

const invalidLogin = 'Invalid username, password, security token; or user locked out.';

function sendFault(reply: FastifyReply, fault: SoapFault) {
  return reply.status(500).type('text/xml; charset=utf-8').send(soapFault(fault));
}

function loginFault(exceptionMessage: string): SoapFault {
  return {
    faultCode: 'sf:INVALID_LOGIN',
    faultString: `INVALID_LOGIN: ${exceptionMessage}`,
    detail: { element: 'LoginFault', exceptionCode: 'INVALID_LOGIN', exceptionMessage },
  };
}

function clientFault(message: string): SoapFault {
  return { faultCode: 'soapenv:Client', faultString: message };
}

export function registerSoapLoginRoutes(app: FastifyInstance, store: Store, options: SoapLoginOptions = {}): void {
  const tokenTtlMs = options.tokenTtlMs ?? defaultTokenTtlMs;
  const policy = options.throttlePolicy ?? loginThrottlePolicy;
  app.addContentTypeParser(['text/xml', 'application/soap+xml'], { parseAs: 'string' }, (_request, body, done) =>
    done(null, body),
  );

  app.post<{ Params: { version: string } }>(
    '/services/Soap/u/:version',
    { bodyLimit: bodyLimitBytes },
    async (request, reply) => {
      void reply.header('cache-control', 'no-store');
      const version = parseApiVersion(`v${request.params.version}`);
      if (version === null) {
        return sendFault(reply, {
          faultCode: 'sf:UNSUPPORTED_API_VERSION',
          faultString: `UNSUPPORTED_API_VERSION: Invalid Api version specified on URL: ${request.params.version}`,
          detail: {
            element: 'UnexpectedErrorFault',
            exceptionCode: 'UNSUPPORTED_API_VERSION',
            exceptionMessage: `Invalid Api version specified on URL: ${request.params.version}`,
          },
        });
      }
      if (typeof request.body !== 'string') return sendFault(reply, clientFault('The request must be a SOAP envelope'));
      let call;
      try {
        call = readSoapCall(request.body);
      } catch (error) {
        if (error instanceof MalformedEnvelope) return sendFault(reply, clientFault(error.message));
        throw error;
      }
      if (call.operation !== 'login') {
        return sendFault(
          reply,
          clientFault(
            `No operation available for request {urn:partner.soap.sforce.com}${call.operation}: only login is`,
          ),
        );
      }
      const outcome = await signInWithPassword(
        store,
        { username: call.parameters.username, password: call.parameters.password, address: request.ip },
        { tokenTtlMs, policy },
      );
      if (outcome.kind === 'locked') {
        void reply.header('retry-after', String(outcome.retryAfterSeconds));
        return sendFault(reply, loginFault(retryAfterText(outcome.retryAfterSeconds)));
      }
      if (outcome.kind === 'refused') return sendFault(reply, loginFault(invalidLogin));
      const identity = await loadIdentity(store.db, outcome.userId);
      const instanceUrl = instanceUrlOf(request);
      const organization15 = organizationId.slice(0, 15);
      return reply.type('text/xml; charset=utf-8').send(
        soapResponse('login', {
          metadataServerUrl: `${instanceUrl}/services/Soap/m/${version}/${organization15}`,
          passwordExpired: false,
          sandbox: false,
          serverUrl: `${instanceUrl}/services/Soap/u/${version}/${organization15}`,
          sessionId: outcome.accessToken,
          userId: outcome.userId,
          userInfo: {
            organizationId,
            organizationName: 'b2b-checkout',
            sessionSecondsValid: Math.floor(tokenTtlMs / 1000),
            userEmail: identity?.email ?? null,
            userFullName: [identity?.firstName, identity?.lastName].filter(Boolean).join(' '),
            userId: outcome.userId,
            userLanguage: 'en_US',
            userLocale: 'en_US',
            userName: identity?.username ?? call.parameters.username ?? '',
            userTimeZone: 'GMT',
            userType: 'Standard',
          },
        }),
      );
    },
  );
}
