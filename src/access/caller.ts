/** Who is calling: the user, the account it buys for, and its combined permissions. */
import type { Kysely } from 'kysely';
import type { Database } from '../records/registry.js';
import { permissionColumns, type PermissionName } from './permission-sets.js';

export interface Caller {
  readonly userId: string;
  /** The account of the user's contact; null for internal users (administrators, integrators). */
  readonly accountId: string | null;
  readonly permissions: ReadonlySet<PermissionName>;
}

/**
 * The caller for an active user, or null when the user does not exist or is inactive. One
 * statement: every action call and every request starts here.
 */
export async function loadCaller(db: Kysely<Database>, userId: string): Promise<Caller | null> {
  const rows = await db
    .selectFrom('app_user')
    .leftJoin('contact', 'contact.id', 'app_user.contact_id')
    .leftJoin('permission_set_assignment', 'permission_set_assignment.assignee_id', 'app_user.id')
    .leftJoin('permission_set', 'permission_set.id', 'permission_set_assignment.permission_set_id')
    .select([
      'app_user.id as id',
      'app_user.is_active as isActive',
      'contact.account_id as accountId',
      ...Object.values(permissionColumns).map((column) => `permission_set.${column}` as const),
    ])
    .where('app_user.id', '=', userId)
    .execute();
  const user = rows[0];
  if (user === undefined || user.isActive !== 1) return null;
  const permissions = new Set<PermissionName>();
  for (const row of rows) {
    for (const [name, column] of Object.entries(permissionColumns) as [PermissionName, keyof typeof row][]) {
      if (row[column] === 1) permissions.add(name);
    }
  }
  return { userId: user.id, accountId: user.accountId, permissions };
}

/** Administrators and integrators act for every account and store. */
export function isInternalCaller(caller: Caller): boolean {
  return caller.permissions.has('modifyAllData') || caller.permissions.has('commerceIntegrator');
}
