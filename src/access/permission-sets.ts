/**
 * The built-in permission sets (SPEC.md section 6) and the system user that background work
 * is attributed to. Both exist from the first start: `ensureBuiltIns` creates what is missing.
 */
import type { Kysely } from 'kysely';
import { checksumOf } from '../records/ids.js';
import type { Database } from '../records/registry.js';
import { insertRecord } from '../store/insert-record.js';

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

/** Creates the built-in permission sets and the system user when they are missing. */
export async function ensureBuiltIns(db: Kysely<Database>): Promise<void> {
  const existing = new Set((await db.selectFrom('permission_set').select('name').execute()).map((row) => row.name));
  for (const set of builtInPermissionSets) {
    if (existing.has(set.name)) continue;
    const flags = Object.fromEntries(set.grants.map((grant) => [permissionColumns[grant], 1]));
    await insertRecord(db, 'permissionSet', { name: set.name, label: set.label, ...flags }, systemUserId);
  }
  const systemUser = await db.selectFrom('app_user').select('id').where('id', '=', systemUserId).executeTakeFirst();
  if (systemUser !== undefined) return;
  await insertRecord(
    db,
    'user',
    { id: systemUserId, username: 'system@b2b-checkout.invalid', last_name: 'System', is_active: 1 },
    systemUserId,
  );
  await assignPermissionSet(db, systemUserId, 'B2BCheckoutAdministrator');
}

/** Assigns a permission set by name to a user (idempotent). */
export async function assignPermissionSet(db: Kysely<Database>, userId: string, setName: string): Promise<void> {
  const set = await db.selectFrom('permission_set').select('id').where('name', '=', setName).executeTakeFirstOrThrow();
  const assigned = await db
    .selectFrom('permission_set_assignment')
    .select('id')
    .where('assignee_id', '=', userId)
    .where('permission_set_id', '=', set.id)
    .executeTakeFirst();
  if (assigned !== undefined) return;
  await insertRecord(db, 'permissionSetAssignment', { assignee_id: userId, permission_set_id: set.id }, systemUserId);
}
