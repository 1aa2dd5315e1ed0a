/** Timestamps in the form the store keeps. */

/** Stored form: ISO 8601 in UTC with milliseconds; sorts as text. */
export function nowIso(): string {
  return new Date().toISOString();
}
