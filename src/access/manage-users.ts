/**
 * Users as an operator manages them from the command line (`b2b-checkout users`): create one
 * with its permission sets, deactivate and reactivate it, list them. A buyer user is created
 * with a contact of its account, the way Salesforce links a buyer to the account it buys for.
 * Deactivating revokes the user's tokens in the same transaction, as the sObject API does.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../records/registry.js';
import type { Store } from '../store/database.js';
import { touched } from '../store/insert-record.js';
import { insertRecord } from '../store/insert-record.js';
import { revokeAccessTokens } from './access-tokens.js';
import { hashPassword, writePasswordHash } from './passwords.js';
import { assignPermissionSet, systemUserId } from './permission-sets.js';

export interface NewUser {
  readonly username: string;
  readonly lastName: string;
  readonly firstName?: string;
  readonly email?: string;
  /** Permission set names (PermissionSet.Name), at least one. */
  readonly permissionSets: readonly string[];
  /** The Account a buyer buys for: its id or its exact name. */
  readonly account?: string;
  /** Unset: the user cannot sign in with a password until one is set. */
  readonly password?: string;
}

export interface UserSummary {
  readonly id: string;
  readonly username: string;
  readonly name: string;
  readonly isActive: boolean;
  readonly accountName: string | null;
  readonly permissionSets: readonly string[];
}

/** Salesforce's default password policy: at least 8 characters, letters and numbers. */
export function meetsPasswordPolicy(password: string): boolean {
  return password.length >= 8 && /[A-Za-z]/.test(password) && /\d/.test(password);
}

export const passwordPolicy = 'at least 8 characters, with letters and numbers';

export async function findUserId(db: Kysely<Database>, username: string): Promise<string | null> {
  const row = await db
    .selectFrom('app_user')
    .select('id')
    .where(sql`lower(${sql.ref('username')})`, '=', sql<string>`lower(${username})`)
    .executeTakeFirst();
  return row?.id ?? null;
}

async function findAccountId(db: Kysely<Database>, account: string): Promise<string> {
  const rows = await db
    .selectFrom('account')
    .select('id')
    .where((eb) => eb.or([eb('id', '=', account), eb('name', '=', account)]))
    .limit(2)
    .execute();
  if (rows.length === 0) throw new Error(`No account with id or name "${account}"`);
  if (rows.length > 1) throw new Error(`More than one account is named "${account}": give its id`);
  return rows[0]!.id;
}

async function assertPermissionSetsExist(db: Kysely<Database>, names: readonly string[]): Promise<void> {
  const known = (await db.selectFrom('permission_set').select('name').execute()).map((row) => row.name);
  const unknown = names.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    throw new Error(`Unknown permission set(s): ${unknown.join(', ')} (known: ${known.join(', ')})`);
  }
}

/** Creates the user, its contact (for a buyer) and its assignments in one transaction; returns its id. */
export async function createUser(store: Pick<Store, 'transaction'>, user: NewUser): Promise<string> {
  if (user.permissionSets.length === 0) throw new Error('Give at least one permission set (--permission-set)');
  if (user.password !== undefined && !meetsPasswordPolicy(user.password)) {
    throw new Error(`The password must be ${passwordPolicy}`);
  }
  // Hashed before the transaction: scrypt (about 50 ms) must not hold the write lock.
  const passwordHash = user.password === undefined ? null : await hashPassword(user.password);
  return store.transaction(async (trx) => {
    await assertPermissionSetsExist(trx, user.permissionSets);
    if ((await findUserId(trx, user.username)) !== null) throw new Error(`A user ${user.username} already exists`);
    const accountId = user.account === undefined ? null : await findAccountId(trx, user.account);
    const names = { last_name: user.lastName, ...(user.firstName === undefined ? {} : { first_name: user.firstName }) };
    const email = user.email ?? (user.username.includes('@') ? user.username : undefined);
    const contactId =
      accountId === null
        ? null
        : await insertRecord(
            trx,
            'contact',
            { ...names, account_id: accountId, ...(email === undefined ? {} : { email }) },
            systemUserId,
          );
    const userId = await insertRecord(
      trx,
      'user',
      { ...names, username: user.username, contact_id: contactId, ...(email === undefined ? {} : { email }) },
      systemUserId,
    );
    for (const name of user.permissionSets) await assignPermissionSet(trx, userId, name);
    if (passwordHash !== null) await writePasswordHash(trx, userId, passwordHash);
    return userId;
  });
}

/**
 * Deactivates (revoking every token in the same transaction) or reactivates a user. The
 * system user, which background work is attributed to, is never deactivated.
 */
export async function setUserActive(store: Pick<Store, 'transaction'>, username: string, isActive: boolean) {
  return store.transaction(async (trx) => {
    const userId = await findUserId(trx, username);
    if (userId === null) throw new Error(`No user ${username}`);
    if (userId === systemUserId) throw new Error('The system user runs background work and stays active');
    await trx
      .updateTable('app_user')
      .set({ is_active: isActive ? 1 : 0, ...touched(systemUserId) })
      .where('id', '=', userId)
      .execute();
    if (!isActive) await revokeAccessTokens(trx, userId);
    return userId;
  });
}

export async function listUsers(db: Kysely<Database>): Promise<UserSummary[]> {
  const users = await db
    .selectFrom('app_user')
    .leftJoin('contact', 'contact.id', 'app_user.contact_id')
    .leftJoin('account', 'account.id', 'contact.account_id')
    .select([
      'app_user.id as id',
      'app_user.username as username',
      'app_user.first_name as firstName',
      'app_user.last_name as lastName',
      'app_user.is_active as isActive',
      'account.name as accountName',
    ])
    .orderBy('app_user.username')
    .execute();
  const assignments = await db
    .selectFrom('permission_set_assignment')
    .innerJoin('permission_set', 'permission_set.id', 'permission_set_assignment.permission_set_id')
    .select(['permission_set_assignment.assignee_id as userId', 'permission_set.name as name'])
    .orderBy('permission_set.name')
    .execute();
  return users.map((user) => ({
    id: user.id,
    username: user.username,
    name: [user.firstName, user.lastName].filter((part) => part !== null && part !== '').join(' '),
    isActive: user.isActive === 1,
    accountName: user.accountName,
    permissionSets: assignments.filter((row) => row.userId === user.id).map((row) => row.name),
  }));
}
