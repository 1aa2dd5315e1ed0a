/**
 * Signing of HTTP provider requests, and its verification (for providers written in
 * TypeScript, the example server and the tests). The signature is
 * `sha256=<hex HMAC-SHA256 of the raw request body, keyed with the service's Secret>`; the body
 * carries `sentAt`, so the time is covered by the signature and a receiver can refuse replays.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const signatureHeader = 'X-B2B-Signature';
export const timestampHeader = 'X-B2B-Timestamp';

export function signBody(secret: string, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody, 'utf8').digest('hex')}`;
}

/** True when `signature` is the signature of `rawBody` with `secret` (constant-time compare). */
export function isValidSignature(secret: string, rawBody: string, signature: string | null | undefined): boolean {
  if (typeof signature !== 'string') return false;
  const expected = Buffer.from(signBody(secret, rawBody), 'utf8');
  const given = Buffer.from(signature, 'utf8');
  return expected.length === given.length && timingSafeEqual(expected, given);
}
