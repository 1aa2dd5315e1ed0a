/** Who a token's user is, as the identity service and OpenID Connect user info tell it. */
import type { Kysely } from 'kysely';
import type { Database } from '../records/registry.js';

export interface Identity {
  readonly userId: string;
  readonly username: string;
  readonly firstName: string | null;
  readonly lastName: string;
  readonly email: string | null;
  /** ISO 8601. */
  readonly lastModifiedDate: string;
}

/** The identity of an active user, or null when it does not exist or is inactive. */
export async function loadIdentity(db: Kysely<Database>, userId: string): Promise<Identity | null> {
  const row = await db
    .selectFrom('app_user')
    .select(['id', 'username', 'first_name', 'last_name', 'email', 'last_modified_date', 'is_active'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (row === undefined || row.is_active !== 1) return null;
  return {
    userId: row.id,
    username: row.username,
    firstName: row.first_name,
    lastName: row.last_name,
    email: row.email,
    lastModifiedDate: row.last_modified_date,
  };
}
