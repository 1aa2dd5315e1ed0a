/**
 * `b2b-checkout tokens issue|revoke`: a bearer token for a user, shown once (only its hash is
 * stored), or the end of every token of a user.
 */
import type { Command } from 'commander';
import { issueAccessToken, revokeAccessTokens } from '../access/access-tokens.js';
import { findUserId } from '../access/manage-users.js';
import { withOperatorEngine, type DatabaseFlags } from './with-operator-engine.js';

type Print = (line: string) => void;

function hoursOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const hours = Number(value);
  if (!Number.isFinite(hours) || hours <= 0) throw new Error(`--ttl-hours must be a positive number, got ${value}`);
  return hours;
}

export function registerTokensCommands(program: Command, print: Print): void {
  const tokens = program.command('tokens').description("Issue and revoke users' bearer tokens");

  tokens
    .command('issue <username>')
    .description('Issue a bearer token for an active user and print it (shown once)')
    .option('--ttl-hours <hours>', 'lifetime (default B2B_CHECKOUT_TOKEN_TTL_SECONDS, else 12 hours)')
    .option('--db <url>', 'database (env DATABASE_URL or B2B_CHECKOUT_DB)')
    .action(async (username: string, flags: DatabaseFlags & { readonly ttlHours?: string }) => {
      const hours = hoursOf(flags.ttlHours);
      await withOperatorEngine(flags, async (engine, config) => {
        const ttlMs = (hours === undefined ? config.tokenTtlSeconds / 3600 : hours) * 60 * 60 * 1000;
        const token = await engine.store.transaction(async (trx) => {
          const userId = await findUserId(trx, username);
          if (userId === null) throw new Error(`No user ${username}`);
          const user = await trx.selectFrom('app_user').select('is_active').where('id', '=', userId).executeTakeFirst();
          if (user?.is_active !== 1) throw new Error(`${username} is deactivated: reactivate it first`);
          return issueAccessToken(trx, userId, { ttlMs });
        });
        print(token);
      });
    });

  tokens
    .command('revoke <username>')
    .description('Revoke every token of a user')
    .option('--db <url>', 'database (env DATABASE_URL or B2B_CHECKOUT_DB)')
    .action(async (username: string, flags: DatabaseFlags) => {
      await withOperatorEngine(flags, async (engine) => {
        await engine.store.transaction(async (trx) => {
          const userId = await findUserId(trx, username);
          if (userId === null) throw new Error(`No user ${username}`);
          await revokeAccessTokens(trx, userId);
        });
        print(`Revoked every token of ${username}`);
      });
    });
}
