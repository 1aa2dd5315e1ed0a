/**
 * A bounded read on PostgreSQL: the statements run in one read-only transaction, each under
 * `SET LOCAL statement_timeout` set to what is left of the budget, so the server itself
 * cancels a statement at the deadline (SQLSTATE 57014) and the connection is free again.
 */
import { sql, type CompiledQuery, type Kysely } from 'kysely';
import type { Database } from '../../records/registry.js';
import { ReadTimeoutError } from '../read-timeout-error.js';

function isQueryCanceled(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === '57014';
}

export async function readWithTimeout(
  db: Kysely<Database>,
  statements: readonly CompiledQuery[],
  budgetMs: number,
): Promise<Record<string, unknown>[][]> {
  const deadline = Date.now() + budgetMs;
  try {
    return await db.transaction().execute(async (trx) => {
      await sql`set transaction read only`.execute(trx);
      const results: Record<string, unknown>[][] = [];
      for (const statement of statements) {
        const remainingMs = Math.max(1, Math.ceil(deadline - Date.now()));
        await sql.raw(`set local statement_timeout = ${remainingMs}`).execute(trx);
        const { rows } = await trx.executeQuery<Record<string, unknown>>(statement);
        results.push(rows);
      }
      return results;
    });
  } catch (error) {
    if (isQueryCanceled(error)) throw new ReadTimeoutError();
    throw error;
  }
}
