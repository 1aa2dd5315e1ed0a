/**
 * The `wait` preference of RFC 7240 (`Prefer: wait=10`), the only preference we act on. A
 * malformed or absent one is ignored, as the RFC asks of preferences a server does not apply.
 */

/** The longest wait we apply (s): under the 30 s a typical proxy or client allows a request. */
export const maxWaitSeconds = 25;

/** Seconds the client prefers to wait, at most `maxWaitSeconds`; null: no wait preference. */
export function preferredWaitSeconds(header: string | string[] | undefined): number | null {
  const values = header === undefined ? [] : Array.isArray(header) ? header : [header];
  for (const value of values) {
    for (const preference of value.split(',')) {
      const [token = ''] = preference.split(';');
      const match = /^\s*wait\s*=\s*"?(\d{1,9})"?\s*$/i.exec(token);
      if (match !== null) return Math.min(Number(match[1]), maxWaitSeconds);
    }
  }
  return null;
}
