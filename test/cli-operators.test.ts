/**
 * The operator's commands as an operator runs them: `users`, `tokens` and `demo reset`, each a
 * real process on one shared database (SQLite file or PostgreSQL), with what it stored read
 * back from that database. Refused commands exit 1 with one line and change nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userOfToken } from '../src/access/access-tokens.js';
import { findUserId } from '../src/access/manage-users.js';
import { authenticatePassword } from '../src/access/passwords.js';
import { openStore, type Store } from '../src/store/database.js';
import { clearedTables, keptTables } from '../src/store/clear-commerce-data.js';
import { listTables } from '../src/store/list-tables.js';
import { migrateToLatest } from '../src/store/migrate.js';
import { ensureBuiltIns } from '../src/access/permission-sets.js';
import { seedStore } from '../src/seed/seed-store.js';
import { spawnCli } from './support/spawn-cli.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';

let database: TestDatabase;
let store: Store;

beforeAll(async () => {
  database = await createTestDatabase();
  store = openStore({ url: database.url, poolSize: 2 });
  await migrateToLatest(store);
  await ensureBuiltIns(store);
  await seedStore(store.db, {
    name: 'Operator Test Store',
    buyerAccounts: ['Initech'],
    products: [{ name: 'Stapler', sku: 'STAPLER', price: '9.99', stock: 10 }],
  });
});

afterAll(async () => {
  await store.close();
  await database.drop();
});

/** Runs one command to its end on the test database; its exit code and output lines. */
async function run(args: readonly string[], stdin?: string): Promise<{ code: number | null; output: string[] }> {
  const cli = spawnCli([...args, '--db', database.url], {}, stdin === undefined ? {} : { stdin });
  const code = await cli.exited();
  return { code, output: cli.output };
}

const userRow = (username: string) =>
  store.db.selectFrom('app_user').selectAll().where('username', '=', username).executeTakeFirst();

const hasStackTrace = (lines: readonly string[]) => lines.some((line) => /^\s+at /.test(line));

describe('b2b-checkout users and tokens', () => {
  it('creates a buyer of an account with its permission set and a password read from standard input', async () => {
    const { code, output } = await run(
      [
        'users',
        'create',
        'jane@initech.example',
        '--account',
        'Initech',
        '--permission-set',
        'B2BBuyer',
        '--password-stdin',
      ],
      'jane-pass-1\n',
    );
    expect(code, output.join('\n')).toBe(0);
    const user = await userRow('jane@initech.example');
    expect(user?.is_active).toBe(1);
    const contact = await store.db
      .selectFrom('contact')
      .innerJoin('account', 'account.id', 'contact.account_id')
      .select('account.name')
      .where('contact.id', '=', user!.contact_id!)
      .executeTakeFirst();
    expect(contact?.name).toBe('Initech');
    const sets = await store.db
      .selectFrom('permission_set_assignment')
      .innerJoin('permission_set', 'permission_set.id', 'permission_set_assignment.permission_set_id')
      .select('permission_set.name')
      .where('assignee_id', '=', user!.id)
      .execute();
    expect(sets.map((set) => set.name)).toEqual(['B2BBuyer']);
    // The trailing line break is not part of the password.
    expect(await authenticatePassword(store.db, 'jane@initech.example', 'jane-pass-1')).toBe(user!.id);
  });

  it('warns about a password given on the command line, and creates an integrator without an account', async () => {
    const { code, output } = await run([
      'users',
      'create',
      'ops@example.com',
      '--permission-set',
      'B2BCommerceIntegrator',
      '--password',
      'ops-pass-22',
    ]);
    expect(code, output.join('\n')).toBe(0);
    expect(output.join('\n')).toMatch(/Warning: a password on the command line/);
    const user = await userRow('ops@example.com');
    expect(user?.contact_id).toBeNull();
    expect(await authenticatePassword(store.db, 'ops@example.com', 'ops-pass-22')).toBe(user!.id);
  });

  it('refuses an unknown permission set and a taken username, storing nothing', async () => {
    const usersBefore = await store.db.selectFrom('app_user').select('id').execute();
    const contactsBefore = await store.db.selectFrom('contact').select('id').execute();
    const unknownSet = await run(['users', 'create', 'mallory@example.com', '--permission-set', 'GodMode']);
    expect(unknownSet.code).toBe(1);
    expect(unknownSet.output).toEqual([
      expect.stringMatching(/^Unknown permission set\(s\): GodMode \(known: .*B2BBuyer/),
    ]);
    const taken = await run([
      'users',
      'create',
      'JANE@initech.example',
      '--account',
      'Initech',
      '--permission-set',
      'B2BBuyer',
    ]);
    expect(taken.code).toBe(1);
    expect(taken.output).toEqual(['A user JANE@initech.example already exists']);
    expect(hasStackTrace([...unknownSet.output, ...taken.output])).toBe(false);
    expect(await store.db.selectFrom('app_user').select('id').execute()).toEqual(usersBefore);
    expect(await store.db.selectFrom('contact').select('id').execute()).toEqual(contactsBefore);
  });

  it('issues a token shown once, and revokes every token of the user', async () => {
    const issued = await run(['users', 'list', '--json']);
    expect(issued.code).toBe(0);
    const listed = JSON.parse(issued.output.join('')) as {
      username: string;
      permissionSets: string[];
      accountName: string | null;
    }[];
    expect(listed).toContainEqual(
      expect.objectContaining({
        username: 'jane@initech.example',
        permissionSets: ['B2BBuyer'],
        accountName: 'Initech',
      }),
    );
    const token = await run(['tokens', 'issue', 'jane@initech.example', '--ttl-hours', '2']);
    expect(token.code, token.output.join('\n')).toBe(0);
    const janeId = await findUserId(store.db, 'jane@initech.example');
    expect(await userOfToken(store.db, token.output[0]!)).toBe(janeId);
    const revoked = await run(['tokens', 'revoke', 'jane@initech.example']);
    expect(revoked.code).toBe(0);
    expect(await userOfToken(store.db, token.output[0]!)).toBeNull();
  });

  it('sets a password from standard input, revoking old tokens, and refuses one below the policy', async () => {
    const before = (await userRow('ops@example.com'))!.password_hash;
    const weak = await run(['users', 'password', 'ops@example.com', '--password-stdin'], 'short\n');
    expect(weak.code).toBe(1);
    expect(weak.output).toEqual(['The password must be at least 8 characters, with letters and numbers']);
    expect((await userRow('ops@example.com'))!.password_hash).toBe(before);
    const token = await run(['tokens', 'issue', 'ops@example.com']);
    const changed = await run(['users', 'password', 'ops@example.com', '--password-stdin'], 'new-pass-33\n');
    expect(changed.code, changed.output.join('\n')).toBe(0);
    const userId = await findUserId(store.db, 'ops@example.com');
    expect(await authenticatePassword(store.db, 'ops@example.com', 'new-pass-33')).toBe(userId);
    expect(await authenticatePassword(store.db, 'ops@example.com', 'ops-pass-22')).toBeNull();
    expect(await userOfToken(store.db, token.output[0]!)).toBeNull();
  });

  it('deactivates a user (no sign-in, no token) and reactivates it; the system user stays active', async () => {
    const deactivated = await run(['users', 'deactivate', 'jane@initech.example']);
    expect(deactivated.code).toBe(0);
    expect((await userRow('jane@initech.example'))!.is_active).toBe(0);
    expect(await authenticatePassword(store.db, 'jane@initech.example', 'jane-pass-1')).toBeNull();
    const refused = await run(['tokens', 'issue', 'jane@initech.example']);
    expect(refused.code).toBe(1);
    expect(refused.output).toEqual(['jane@initech.example is deactivated: reactivate it first']);
    const system = await run(['users', 'deactivate', 'system@b2b-checkout.invalid']);
    expect(system.code).toBe(1);
    expect((await userRow('system@b2b-checkout.invalid'))!.is_active).toBe(1);
    const reactivated = await run(['users', 'reactivate', 'jane@initech.example']);
    expect(reactivated.code).toBe(0);
    expect(await authenticatePassword(store.db, 'jane@initech.example', 'jane-pass-1')).not.toBeNull();
  });
});

describe('b2b-checkout demo reset', () => {
  it('puts every table of the schema either in the cleared list or in the kept list, never both', async () => {
    const tables = await listTables(store);
    const unplaced = tables.filter((table) => !clearedTables.includes(table) && !(table in keptTables));
    expect(unplaced, 'place each new table in src/store/clear-commerce-data.ts').toEqual([]);
    expect(clearedTables.filter((table) => table in keptTables)).toEqual([]);
  });

  it('refuses without --yes when no terminal can confirm, deleting nothing', async () => {
    const storesBefore = await store.db.selectFrom('web_store').select('id').execute();
    const { code, output } = await run(['demo', 'reset']);
    expect(code).toBe(1);
    expect(output.at(-1)).toMatch(/^Not reset: confirm with --yes/);
    expect(await store.db.selectFrom('web_store').select('id').execute()).toEqual(storesBefore);
  });

  it('clears the commerce data, keeps administrators and integrators, and seeds the demo store', async () => {
    const oldAccounts = (await store.db.selectFrom('account').select('id').execute()).map((row) => row.id);
    const opsId = await findUserId(store.db, 'ops@example.com');
    const opsToken = (await run(['tokens', 'issue', 'ops@example.com'])).output[0]!;
    const { code, output } = await run(['demo', 'reset', '--yes']);
    expect(code, output.join('\n')).toBe(0);
    const stores = await store.db.selectFrom('web_store').select('name').execute();
    expect(stores).toEqual([{ name: 'Northwind Industrial Supply' }]);
    const accounts = (await store.db.selectFrom('account').select('id').execute()).map((row) => row.id);
    expect(accounts.filter((id) => oldAccounts.includes(id))).toEqual([]);
    // The buyer created on Initech went with its account; the integrator stays, signed in.
    expect(await userRow('jane@initech.example')).toBeUndefined();
    expect(await userOfToken(store.db, opsToken)).toBe(opsId);
    const buyerToken = output.find((line) => line.startsWith('Buyer token'))!.split(': ')[1]!;
    expect(await userOfToken(store.db, buyerToken)).toBe(
      await findUserId(store.db, 'buyer@acme-manufacturing.example'),
    );
    expect(await authenticatePassword(store.db, 'buyer@acme-manufacturing.example', 'demo-password-1')).not.toBeNull();
  });
});
