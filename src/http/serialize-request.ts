/**
 * How a request appears in the logs: Fastify's own fields (method, url, host, remote address
 * and port), with the values of credential parameters in the query string replaced. The token
 * endpoint refuses credentials there, but Fastify logs every incoming URL before any route
 * runs, and a log line must never carry a password or a secret.
 */
import type { FastifyRequest } from 'fastify';

const secretParameters = new Set(['password', 'client_secret', 'access_token', 'refresh_token']);

/** The URL with the values of secret query parameters (any case, any brackets) replaced by `[REDACTED]`. */
export function redactUrl(url: string): string {
  const queryStart = url.indexOf('?');
  if (queryStart === -1) return url;
  const parameters = new URLSearchParams(url.slice(queryStart + 1));
  let isRedacted = false;
  for (const name of new Set(parameters.keys())) {
    // `Password`, `password[]` and `password[0]` carry the same secret as `password`.
    if (!secretParameters.has(name.toLowerCase().replace(/\[.*$/, ''))) continue;
    parameters.set(name, '[REDACTED]');
    isRedacted = true;
  }
  return isRedacted ? `${url.slice(0, queryStart)}?${parameters.toString()}` : url;
}

export function serializeRequest(request: FastifyRequest) {
  return {
    method: request.method,
    url: redactUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}
