/**
 * The administrator a new installation starts with, and its bearer token. With a configured
 * token, that token is (re)registered for the administrator at every start; without one, a
 * token is generated the first time only and returned once for printing — it is stored only
 * as a hash, so it cannot be shown again.
 */
import { generateId } from '../records/ids.js';
import { objects } from '../records/registry.js';
import { nowIso } from '../store/clock.js';
import type { Store } from '../store/database.js';
import { touched } from '../store/insert-record.js';
import { hasAccessToken, issueAccessToken } from './access-tokens.js';
import { assignPermissionSet, systemUserId } from './permission-sets.js';

export const administratorUsername = 'admin@b2b-checkout.local';

export interface Administrator {
  readonly userId: string;
  /** The token to print: the generated one at first start, else null. */
  readonly newToken: string | null;
}

/**
 * One transaction: the user is inserted if absent (a concurrent start waits on the unique
 * username, then finds it), so processes starting together create one administrator, and only
 * the first of them generates the token to print.
 */
export async function ensureAdministrator(store: Store, configuredToken: string | undefined): Promise<Administrator> {
  return store.transaction(async (trx) => {
    const now = nowIso();
    await trx
      .insertInto('app_user')
      .values({
        id: generateId(objects.user.keyPrefix),
        username: administratorUsername,
        first_name: 'Checkout',
        last_name: 'Administrator',
        email: administratorUsername,
        created_date: now,
        created_by_id: systemUserId,
        ...touched(systemUserId, now),
      })
      .onConflict((conflict) => conflict.doNothing())
      .execute();
    const { id: userId } = await trx
      .selectFrom('app_user')
      .select('id')
      .where('username', '=', administratorUsername)
      .executeTakeFirstOrThrow();
    await assignPermissionSet(trx, userId, 'B2BCheckoutAdministrator');
    if (configuredToken !== undefined) {
      await issueAccessToken(trx, userId, { token: configuredToken });
      return { userId, newToken: null };
    }
    if (await hasAccessToken(trx, userId)) return { userId, newToken: null };
    return { userId, newToken: await issueAccessToken(trx, userId) };
  });
}
