/**
 * True when a database error is a foreign key violation (SQLite or PostgreSQL). The schema's
 * keys are deferred, so this comes from the COMMIT of the transaction that broke one.
 */
export function isForeignKeyViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || !('code' in error)) return false;
  const { code } = error;
  return code === 'SQLITE_CONSTRAINT_FOREIGNKEY' || code === '23503';
}
