/**
 * Custom providers behind an HTTP endpoint (docs/providers.md has the contract). Each call is
 * one signed JSON POST to the service's Target; the response body is the method's result as
 * JSON. The call is bounded by the service's TimeoutMs and by the operation's own time limit.
 * It never retries itself: a failure throws, and the operation's retry policy decides. The
 * Target is checked against the operator's rules before every call (check-http-target.ts).
 * Failure messages name the URL and status: they go to the log and to fields only integrators
 * and administrators read, never to a buyer (run-operation.ts).
 */
import type { ServiceProviderType } from '../domain/vocabulary.js';
import { checkHttpTarget } from './check-http-target.js';
import type { RegisteredServiceRow } from './find-store-service.js';
import { providerMethods, type ProviderByType } from './providers.js';
import { signBody, signatureHeader, timestampHeader } from './sign-request.js';

/** Time limit of one call when the service sets none (ms). */
export const defaultHttpTimeoutMs = 10_000;
/** Larger answers are refused: no checkout answer needs 10 MB. */
const maxResponseChars = 10_000_000;

export function httpProvider<T extends ServiceProviderType>(
  service: RegisteredServiceRow,
  type: T,
  httpHosts: readonly string[] | null,
): ProviderByType[T] {
  const label = `${type} provider ${service.developer_name} (POST ${service.target})`;
  const method = providerMethods[type];
  const call = async (request: unknown, signal: AbortSignal): Promise<unknown> => {
    const refusal = checkHttpTarget(service.target, httpHosts);
    if (refusal !== null) throw new Error(`${label} refused: ${refusal}`);
    if (service.secret === null || service.secret === '') throw new Error(`${label} has no Secret to sign with`);
    const sentAt = new Date().toISOString();
    const body = JSON.stringify({ serviceType: type, method, sentAt, request });
    const timeoutMs = service.timeout_ms ?? defaultHttpTimeoutMs;
    let text: string;
    let status: number;
    try {
      const response = await fetch(service.target, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Accept: 'application/json',
          [timestampHeader]: sentAt,
          [signatureHeader]: signBody(service.secret, body),
        },
        body,
        redirect: 'error',
        signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
      });
      status = response.status;
      text = await response.text();
    } catch (error) {
      const reason =
        error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')
          ? `no answer within ${timeoutMs} ms`
          : error instanceof Error
            ? error.message
            : String(error);
      throw new Error(`${label} failed: ${reason}`, { cause: error });
    }
    if (status < 200 || status > 299) throw new Error(`${label} answered HTTP ${status}`);
    if (text.length > maxResponseChars) throw new Error(`${label} answered more than ${maxResponseChars} characters`);
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new Error(`${label} answered malformed JSON`);
    }
  };
  return { [method]: call } as unknown as ProviderByType[T];
}
