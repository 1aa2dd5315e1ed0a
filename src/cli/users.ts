/**
 * `b2b-checkout users create|password|deactivate|reactivate|list`: add a buyer or an
 * integrator without hand-crafting sObject calls. Passwords come from standard input or a
 * prompt (read-password.ts); every change is one transaction.
 */
import type { Command } from 'commander';
import {
  createUser,
  findUserId,
  listUsers,
  meetsPasswordPolicy,
  passwordPolicy,
  setUserActive,
} from '../access/manage-users.js';
import { setPassword } from '../access/passwords.js';
import { readPassword, type PasswordFlags } from './read-password.js';
import { withOperatorEngine, type DatabaseFlags } from './with-operator-engine.js';

type Print = (line: string) => void;

interface CreateFlags extends DatabaseFlags, PasswordFlags {
  readonly lastName?: string;
  readonly firstName?: string;
  readonly email?: string;
  readonly permissionSet: string[];
  readonly account?: string;
}

const collect = (value: string, previous: string[]) => [...previous, value];

function addPasswordOptions(command: Command): Command {
  return command
    .option('--password-stdin', 'read the password from standard input (one line)')
    .option('--password <password>', 'the password itself (discouraged: visible in history and the process list)');
}

export function registerUsersCommands(program: Command, print: Print, warn: Print): void {
  const users = program
    .command('users')
    .description('Create, change and list users (buyers, integrators, administrators)');

  addPasswordOptions(
    users
      .command('create <username>')
      .description('Create a user with permission sets; a buyer also gets a contact of its account')
      .requiredOption('--permission-set <name>', 'permission set to assign (repeatable), e.g. B2BBuyer', collect, [])
      .option('--account <id-or-name>', 'the Account a buyer buys for')
      .option('--last-name <name>', 'last name (default: the part of the username before @)')
      .option('--first-name <name>', 'first name')
      .option('--email <address>', 'email (default: the username when it is an address)')
      .option('--db <url>', 'database (env DATABASE_URL or B2B_CHECKOUT_DB)'),
  ).action(async (username: string, flags: CreateFlags) => {
    const password = await readPassword(flags, { isRequired: false, warn });
    await withOperatorEngine(flags, async (engine) => {
      const userId = await createUser(engine.store, {
        username,
        lastName: flags.lastName ?? username.split('@')[0]!,
        permissionSets: flags.permissionSet,
        ...(flags.firstName === undefined ? {} : { firstName: flags.firstName }),
        ...(flags.email === undefined ? {} : { email: flags.email }),
        ...(flags.account === undefined ? {} : { account: flags.account }),
        ...(password === undefined ? {} : { password }),
      });
      print(`Created user ${username} (${userId}) with ${flags.permissionSet.join(', ')}`);
      if (password === undefined) print(`No password set: run \`b2b-checkout users password ${username}\` to set one`);
    });
  });

  addPasswordOptions(
    users
      .command('password <username>')
      .description("Set a user's password (its tokens are revoked in the same transaction)")
      .option('--db <url>', 'database (env DATABASE_URL or B2B_CHECKOUT_DB)'),
  ).action(async (username: string, flags: DatabaseFlags & PasswordFlags) => {
    const password = (await readPassword(flags, { isRequired: true, warn }))!;
    if (!meetsPasswordPolicy(password)) throw new Error(`The password must be ${passwordPolicy}`);
    await withOperatorEngine(flags, async (engine) => {
      const userId = await findUserId(engine.store.db, username);
      if (userId === null || !(await setPassword(engine.store, userId, password)))
        throw new Error(`No user ${username}`);
      print(`Password of ${username} set; its tokens were revoked`);
    });
  });

  for (const [name, isActive] of [
    ['deactivate', false],
    ['reactivate', true],
  ] as const) {
    users
      .command(`${name} <username>`)
      .description(
        isActive ? 'Let a deactivated user sign in again' : 'Stop a user from signing in and revoke its tokens',
      )
      .option('--db <url>', 'database (env DATABASE_URL or B2B_CHECKOUT_DB)')
      .action(async (username: string, flags: DatabaseFlags) => {
        await withOperatorEngine(flags, async (engine) => {
          await setUserActive(engine.store, username, isActive);
          print(isActive ? `Reactivated ${username}` : `Deactivated ${username}; its tokens were revoked`);
        });
      });
  }

  users
    .command('list')
    .description('List users with their account and permission sets')
    .option('--json', 'one JSON array instead of a table')
    .option('--db <url>', 'database (env DATABASE_URL or B2B_CHECKOUT_DB)')
    .action(async (flags: DatabaseFlags & { readonly json?: boolean }) => {
      await withOperatorEngine(flags, async (engine) => {
        const rows = await listUsers(engine.store.db);
        if (flags.json === true) {
          print(JSON.stringify(rows));
          return;
        }
        for (const row of rows) {
          const state = row.isActive ? 'active' : 'inactive';
          const account = row.accountName === null ? '' : ` · ${row.accountName}`;
          print(`${row.username}\t${row.id}\t${state}\t${row.permissionSets.join(',')}${account}`);
        }
      });
    });
}
