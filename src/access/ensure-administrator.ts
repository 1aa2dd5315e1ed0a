/**
 * The administrator a new installation starts with, and its bearer token. With a configured
 * token, that token is (re)registered for the administrator at every start; without one, a
 * token is generated the first time only and returned once for printing — it is stored only
 * as a hash, so it cannot be shown again.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../records/registry.js';
import { insertRecord } from '../store/insert-record.js';
import { hasAccessToken, issueAccessToken } from './access-tokens.js';
import { assignPermissionSet, systemUserId } from './permission-sets.js';

export const administratorUsername = 'admin@b2b-checkout.local';

export interface Administrator {
  readonly userId: string;
  /** The token to print: the generated one at first start, else null. */
  readonly newToken: string | null;
}

export async function ensureAdministrator(
  db: Kysely<Database>,
  configuredToken: string | undefined,
): Promise<Administrator> {
  const existing = await db
    .selectFrom('app_user')
    .select('id')
    .where('username', '=', administratorUsername)
    .executeTakeFirst();
  const userId =
    existing?.id ??
    (await insertRecord(
      db,
      'user',
      {
        username: administratorUsername,
        first_name: 'Checkout',
        last_name: 'Administrator',
        email: administratorUsername,
      },
      systemUserId,
    ));
  await assignPermissionSet(db, userId, 'B2BCheckoutAdministrator');
  if (configuredToken !== undefined) {
    await issueAccessToken(db, userId, { token: configuredToken });
    return { userId, newToken: null };
  }
  if (await hasAccessToken(db, userId)) return { userId, newToken: null };
  return { userId, newToken: await issueAccessToken(db, userId) };
}
