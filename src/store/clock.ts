/** Timestamps in the form the store keeps and Salesforce returns. */

/** Stored form: ISO 8601 in UTC with milliseconds; sorts as text. */
export function nowIso(): string {
  return new Date().toISOString();
}

/** Salesforce's date-time wire form: `2026-11-22T18:02:42.000+0000`. */
export function toSalesforceDateTime(iso: string): string {
  return iso.replace(/Z$/, '+0000');
}
