/**
 * The access checks every action makes, in the order SPEC.md section 4 lists them. Each answers
 * a question; the action decides which error a "no" becomes.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../records/registry.js';
import { isInternalCaller, type Caller } from './caller.js';

export type CartAccess = 'edit' | 'read' | 'none';

/** Check 1: administrators, integrators and buyers may invoke checkout actions. */
export function canInvokeActions(caller: Caller): boolean {
  return isInternalCaller(caller) || caller.permissions.has('buyer');
}

/** Check 3: the account is an active buyer account that the caller may buy for. */
export async function canBuyFor(db: Kysely<Database>, caller: Caller, accountId: string): Promise<boolean> {
  if (!isInternalCaller(caller) && caller.accountId !== accountId) return false;
  const buyer = await db
    .selectFrom('buyer_account')
    .select('id')
    .where('buyer_id', '=', accountId)
    .where('is_active', '=', 1)
    .executeTakeFirst();
  return buyer !== undefined;
}

/** Check 4: the account belongs to a buyer group linked to the store. */
export async function isStoreMember(db: Kysely<Database>, accountId: string, storeId: string): Promise<boolean> {
  const membership = await db
    .selectFrom('buyer_group_member')
    .innerJoin('web_store_buyer_group', 'web_store_buyer_group.buyer_group_id', 'buyer_group_member.buyer_group_id')
    .select('buyer_group_member.id')
    .where('buyer_group_member.buyer_id', '=', accountId)
    .where('web_store_buyer_group.web_store_id', '=', storeId)
    .executeTakeFirst();
  return membership !== undefined;
}

export interface BuyerStanding {
  /** Check 3: an active buyer account the caller may buy for. */
  readonly canBuy: boolean;
  /** Check 4: a member of the store. */
  readonly isMember: boolean;
}

/** Checks 3 and 4 in one statement (every cart action makes both). */
export async function buyerStandingOf(
  db: Kysely<Database>,
  caller: Caller,
  accountId: string,
  storeId: string,
): Promise<BuyerStanding> {
  const row = await db
    .selectNoFrom((eb) => [
      eb
        .exists(
          eb
            .selectFrom('buyer_account')
            .select('buyer_account.id')
            .where('buyer_account.buyer_id', '=', accountId)
            .where('buyer_account.is_active', '=', 1),
        )
        .as('isBuyer'),
      eb
        .exists(
          eb
            .selectFrom('buyer_group_member')
            .innerJoin(
              'web_store_buyer_group',
              'web_store_buyer_group.buyer_group_id',
              'buyer_group_member.buyer_group_id',
            )
            .select('buyer_group_member.id')
            .where('buyer_group_member.buyer_id', '=', accountId)
            .where('web_store_buyer_group.web_store_id', '=', storeId),
        )
        .as('isMember'),
    ])
    .executeTakeFirstOrThrow();
  const isOwnAccount = isInternalCaller(caller) || caller.accountId === accountId;
  return { canBuy: isOwnAccount && Boolean(row.isBuyer), isMember: Boolean(row.isMember) };
}

/**
 * Check 5: what the caller may do with a cart. Owners, super users of the cart's account and
 * internal callers edit it; buyer managers read the carts of other buyers of their account.
 */
export function cartAccessOf(caller: Caller, cart: { owner_id: string; account_id: string }): CartAccess {
  if (isInternalCaller(caller)) return 'edit';
  if (caller.accountId !== cart.account_id) return 'none';
  if (cart.owner_id === caller.userId || caller.permissions.has('superUser')) return 'edit';
  if (caller.permissions.has('buyerManager')) return 'read';
  return 'none';
}

export function allows(access: CartAccess, needed: 'read' | 'edit'): boolean {
  return access === 'edit' || (access === 'read' && needed === 'read');
}
