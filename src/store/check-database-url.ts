/**
 * Which database a `DATABASE_URL` names. Only PostgreSQL URLs and SQLite files are supported;
 * anything else of the form `scheme://…` (`mysql://`, `postgress://`) is refused rather than
 * taken as a file name, which would create a stray SQLite file called `mysql:/x` and report
 * success.
 */
import { maskCredentials } from '../domain/mask-credentials.js';

export const supportedDatabaseUrls =
  'postgres://… or postgresql://… for PostgreSQL; sqlite:<file> or a file path for SQLite';

/** Null when the URL is supported, else why not (with its secrets masked). */
export function checkDatabaseUrl(url: string): string | null {
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) return null;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) {
    return `Unsupported database URL ${maskCredentials(url)}: use ${supportedDatabaseUrls}`;
  }
  return null;
}
