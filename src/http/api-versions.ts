/**
 * REST API versions. Every route lives under `/services/data/vNN.N/`; the contract is the
 * same in every version we answer, so the version only checks the path and builds URLs.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { organizationId } from '../records/objects/organization.js';
import { unknownResource } from './api-error.js';
import { callerOf } from './authenticate.js';
import { instanceUrlOf } from './oauth-routes.js';

export const oldestApiVersion = 50;
export const latestApiVersion = 62;

/**
 * "60.0" from a path segment "v60.0", or null when it is not a version we answer: below
 * v50.0 or above the latest, like Salesforce, which answers 404 for a version it doesn't have.
 */
export function parseApiVersion(segment: string): string | null {
  const match = /^v(\d{2,3})\.0$/.exec(segment);
  if (match === null) return null;
  const major = Number(match[1]);
  return major >= oldestApiVersion && major <= latestApiVersion ? `${major}.0` : null;
}

/** The API version of a request routed under `/services/data/:version`. */
export function apiVersionOf(request: FastifyRequest): string {
  const { version } = request.params as { version?: string };
  return parseApiVersion(version ?? '') ?? `${latestApiVersion}.0`;
}

/** An onRequest hook: unknown versions are answered 404 before authentication. */
export function checkApiVersion(request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void {
  const { version } = request.params as { version?: string };
  done(version === undefined || parseApiVersion(version) === null ? unknownResource() : undefined);
}

export function registerVersionRoutes(app: FastifyInstance): void {
  app.get('/services/data', () => {
    const versions = [];
    for (let major = oldestApiVersion; major <= latestApiVersion; major += 1) {
      versions.push({ label: `API ${major}.0`, url: `/services/data/v${major}.0`, version: `${major}.0` });
    }
    return versions;
  });
}

/** `GET /services/data/vNN.N`: the resources this version offers (authenticated, like Salesforce). */
export function registerResourceIndex(scope: FastifyInstance): void {
  scope.get('/services/data/:version', (request) => {
    const base = `/services/data/v${apiVersionOf(request)}`;
    // `identity` is absolute, as Salesforce gives it: jsforce's `identity()` follows it.
    const identity = `${instanceUrlOf(request)}/id/${organizationId}/${callerOf(request).userId}`;
    return { sobjects: `${base}/sobjects`, query: `${base}/query`, actions: `${base}/actions`, identity };
  });
}
