/**
 * The administrator a new installation starts with, and its bearer token. With a configured
 * token, that token is (re)issued for the administrator at every start with a fresh expiry;
 * when it differs from the one the administrator held, every earlier token of the
 * administrator is revoked in the same transaction (rotating B2B_CHECKOUT_ADMIN_TOKEN ends the
 * old one). Without one, a token is generated whenever the administrator has no live token
 * (the first start, or a start after it expired) and returned once for printing — it is
 * stored only as a hash, so it cannot be shown again.
 */
import type { Kysely } from 'kysely';
import { generateId } from '../records/ids.js';
import { objects, type Database } from '../records/registry.js';
import { nowIso } from '../store/clock.js';
import type { Store } from '../store/database.js';
import { touched } from '../store/insert-record.js';
import { hasLiveAccessToken, isLiveTokenOf, issueAccessToken, revokeAccessTokens } from './access-tokens.js';
import { assignPermissionSet, systemUserId } from './permission-sets.js';

export const administratorUsername = 'admin@b2b-checkout.local';

export interface Administrator {
  readonly userId: string;
  /** The token to print: a generated one, else null. */
  readonly newToken: string | null;
}

async function issueConfiguredToken(trx: Kysely<Database>, userId: string, token: string, ttlMs?: number) {
  if (!(await isLiveTokenOf(trx, userId, token))) await revokeAccessTokens(trx, userId);
  await issueAccessToken(trx, userId, { token, ...(ttlMs === undefined ? {} : { ttlMs }) });
}

/**
 * One transaction: the user is inserted if absent (a concurrent start waits on the unique
 * username, then finds it), so processes starting together create one administrator, and only
 * the first of them generates the token to print.
 */
export async function ensureAdministrator(
  store: Pick<Store, 'transaction'>,
  configuredToken: string | undefined,
  tokenTtlMs?: number,
): Promise<Administrator> {
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
      await issueConfiguredToken(trx, userId, configuredToken, tokenTtlMs);
      return { userId, newToken: null };
    }
    if (await hasLiveAccessToken(trx, userId)) return { userId, newToken: null };
    const ttl = tokenTtlMs === undefined ? {} : { ttlMs: tokenTtlMs };
    return { userId, newToken: await issueAccessToken(trx, userId, ttl) };
  });
}
