/**
 * The built-in permission sets (SPEC.md section 6) and the system user that background work
 * is attributed to. Both exist from the first start: `ensureBuiltIns` creates what is missing.
 */
import type { Kysely } from 'kysely';
import { checksumOf, generateId } from '../records/ids.js';
import { objects, type Database } from '../records/registry.js';
import { nowIso } from '../store/clock.js';
import type { Store } from '../store/database.js';
import { touched } from '../store/insert-record.js';

export type PermissionName = 'modifyAllData' | 'commerceIntegrator' | 'buyer' | 'buyerManager' | 'superUser';

export const permissionColumns = {
  modifyAllData: 'permissions_modify_all_data',
  commerceIntegrator: 'permissions_b2b_commerce_integrator',
  buyer: 'permissions_b2b_buyer',
  buyerManager: 'permissions_b2b_buyer_manager',
  superUser: 'permissions_b2b_super_user',
} as const satisfies Record<PermissionName, string>;

export const builtInPermissionSets: readonly { name: string; label: string; grants: readonly PermissionName[] }[] = [
  { name: 'B2BCheckoutAdministrator', label: 'B2B Checkout Administrator', grants: ['modifyAllData'] },
  { name: 'B2BCommerceIntegrator', label: 'B2B Commerce Integrator', grants: ['commerceIntegrator'] },
  { name: 'B2BBuyer', label: 'B2B Buyer', grants: ['buyer'] },
  { name: 'B2BBuyerManager', label: 'B2B Buyer Manager', grants: ['buyer', 'buyerManager'] },
  { name: 'B2BSuperUser', label: 'B2B Super User', grants: ['buyer', 'buyerManager', 'superUser'] },
];

const systemUserId15 = '005000000000001';
/** The user that records background work (workers, migrations, seeding). Administrator. */
export const systemUserId = systemUserId15 + checksumOf(systemUserId15);

/**
 * Creates the built-in permission sets and the system user when they are missing, in one
 * transaction of inserts that do nothing on conflict: processes starting together on a new
 * database each run it, and exactly one set of rows results (DESIGN.md concurrency rule 10).
 */
export async function ensureBuiltIns(store: Store): Promise<void> {
  await store.transaction(async (trx) => {
    const now = nowIso();
    const audit = { created_date: now, created_by_id: systemUserId, ...touched(systemUserId, now) };
    await trx
      .insertInto('permission_set')
      .values(
        builtInPermissionSets.map((set) => ({
          id: generateId(objects.permissionSet.keyPrefix),
          name: set.name,
          label: set.label,
          // Every flag written out: rows of one multi-row insert need the same columns.
          ...Object.fromEntries(
            Object.entries(permissionColumns).map(([grant, column]) => [
              column,
              set.grants.includes(grant as PermissionName) ? 1 : 0,
            ]),
          ),
          ...audit,
        })),
      )
      .onConflict((conflict) => conflict.doNothing())
      .execute();
    await trx
      .insertInto('app_user')
      .values({
        id: systemUserId,
        username: 'system@b2b-checkout.invalid',
        last_name: 'System',
        is_active: 1,
        ...audit,
      })
      .onConflict((conflict) => conflict.doNothing())
      .execute();
    await assignPermissionSet(trx, systemUserId, 'B2BCheckoutAdministrator');
  });
}

/** Assigns a permission set by name to a user (idempotent, also under concurrent calls). */
export async function assignPermissionSet(db: Kysely<Database>, userId: string, setName: string): Promise<void> {
  const set = await db.selectFrom('permission_set').select('id').where('name', '=', setName).executeTakeFirstOrThrow();
  const now = nowIso();
  await db
    .insertInto('permission_set_assignment')
    .values({
      id: generateId(objects.permissionSetAssignment.keyPrefix),
      assignee_id: userId,
      permission_set_id: set.id,
      created_date: now,
      created_by_id: systemUserId,
      ...touched(systemUserId, now),
    })
    .onConflict((conflict) => conflict.doNothing())
    .execute();
}
