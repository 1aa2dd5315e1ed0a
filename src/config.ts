/**
 * Server configuration from command-line flags and the environment, validated once at start.
 * Flags win over the environment; the environment over the defaults.
 */
import { realpathSync, statSync } from 'node:fs';
import { z } from 'zod';
import { parseAllowedHost } from './providers/check-http-target.js';
import type { ProviderSettings } from './providers/provider-settings.js';
import { defaultTokenTtlMs } from './access/access-tokens.js';
import { checkDatabaseUrl } from './store/check-database-url.js';

export const defaultDatabaseFile = '.b2b-checkout/b2b-checkout.sqlite';

const configSchema = z.object({
  port: z.coerce.number().int().min(0).max(65535).default(3000),
  host: z.string().min(1).default('127.0.0.1'),
  databaseUrl: z
    .string()
    .min(1)
    .default(defaultDatabaseFile)
    .superRefine((url, context) => {
      const problem = checkDatabaseUrl(url);
      if (problem !== null) context.addIssue({ code: 'custom', message: problem });
    }),
  /** When set, the administrator's bearer token; else one is generated at first start. */
  adminToken: z
    .string()
    .min(20, 'B2B_CHECKOUT_ADMIN_TOKEN must be at least 20 characters')
    .regex(/^\S+$/, 'B2B_CHECKOUT_ADMIN_TOKEN must not contain spaces')
    .optional(),
  /** Seed the demo store when the database has no store yet. */
  demo: z.boolean().default(false),
  /** The built-in test payment gateway (tok_approve, tok_decline, tok_timeout): development only. */
  testPayments: z
    .enum(['true', 'false'])
    .optional()
    .transform((value) => value === 'true'),
  workers: z.coerce.number().int().min(0).max(64).default(1),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  bodyLimitBytes: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
  /** The directory Module providers are loaded from, as a real path; unset: no Module providers. */
  providerDir: z
    .string()
    .transform((path, context) => {
      const directory = realDirectoryOf(path);
      if (directory === null) {
        context.addIssue({ code: 'custom', message: `B2B_CHECKOUT_PROVIDER_DIR is not a directory: ${path}` });
        return z.NEVER;
      }
      return directory;
    })
    .optional(),
  /** Hosts (`host` or `host:port`) HTTP providers may call; unset: any. */
  providerHosts: z
    .string()
    .transform((list, context) => {
      const entries = list.split(',').map((entry) => entry.trim().toLowerCase());
      const invalid = entries.filter((entry) => parseAllowedHost(entry) === null);
      if (invalid.length > 0) {
        context.addIssue({
          code: 'custom',
          message: `B2B_CHECKOUT_PROVIDER_HOSTS lists host names or host:port, comma-separated; not ${invalid.map((entry) => JSON.stringify(entry)).join(', ')}`,
        });
        return z.NEVER;
      }
      return entries;
    })
    .optional(),
  /** Lifetime of every bearer token, the configured administrator token included (from its start). */
  tokenTtlSeconds: z.coerce
    .number()
    .int()
    .min(60)
    .max(30 * 24 * 60 * 60)
    .default(defaultTokenTtlMs / 1000),
  /** Behind a balancer: `true` or its addresses, so login throttling sees client addresses. */
  trustProxy: z
    .string()
    .optional()
    .transform((value) => (value === undefined || value === 'false' ? undefined : value === 'true' ? true : value)),
  /** Time budget of one query page (ms): QUERY_TIMEOUT past it. */
  queryTimeoutMs: z.coerce.number().int().min(10).max(600_000).default(2_000),
  /** Purging schedule (ms): 0 turns it off. */
  purgeIntervalMs: z.coerce
    .number()
    .int()
    .min(0)
    .default(10 * 60 * 1000),
  /** Age after which finished operations are purged (ms). */
  purgeOperationAgeMs: z.coerce
    .number()
    .int()
    .min(0)
    .default(7 * 24 * 60 * 60 * 1000),
  /** Age after which a closed cart's validation outputs are purged (ms). */
  purgeOutputAgeMs: z.coerce
    .number()
    .int()
    .min(0)
    .default(30 * 24 * 60 * 60 * 1000),
  /** Age after which checkout events are purged (ms). */
  purgeEventAgeMs: z.coerce
    .number()
    .int()
    .min(0)
    .default(90 * 24 * 60 * 60 * 1000),
  /** Age after which Finished and Error flow interviews are purged (ms). */
  purgeInterviewAgeMs: z.coerce
    .number()
    .int()
    .min(0)
    .default(7 * 24 * 60 * 60 * 1000),
  /** Time without a change after which a Paused flow interview is purged as abandoned (ms). */
  purgePausedInterviewAgeMs: z.coerce
    .number()
    .int()
    .min(0)
    .default(30 * 24 * 60 * 60 * 1000),
});

function realDirectoryOf(path: string): string | null {
  try {
    const real = realpathSync(path);
    return statSync(real).isDirectory() ? real : null;
  } catch {
    return null;
  }
}

export type Config = z.infer<typeof configSchema>;

/** What the operator allows custom providers to be, for the engine (SPEC.md section 7). */
export function providerSettingsOf(config: Config): ProviderSettings {
  return {
    moduleDir: config.providerDir ?? null,
    httpHosts: config.providerHosts ?? null,
    // The demo store pays with its test card; elsewhere the operator turns it on explicitly.
    isTestGatewayEnabled: config.testPayments || config.demo,
  };
}

export interface ServeFlags {
  readonly port?: string;
  readonly host?: string;
  readonly db?: string;
  readonly demo?: boolean;
  readonly workers?: string;
}

const blankToUndefined = (value: string | undefined) =>
  value === undefined || value.trim() === '' ? undefined : value;

/** The validated configuration, or an Error listing every invalid setting. */
export function loadConfig(flags: ServeFlags, env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse({
    port: flags.port ?? blankToUndefined(env.PORT),
    host: flags.host ?? blankToUndefined(env.HOST),
    databaseUrl: flags.db ?? blankToUndefined(env.DATABASE_URL) ?? blankToUndefined(env.B2B_CHECKOUT_DB),
    adminToken: blankToUndefined(env.B2B_CHECKOUT_ADMIN_TOKEN),
    demo: flags.demo,
    workers: flags.workers ?? blankToUndefined(env.B2B_CHECKOUT_WORKERS),
    logLevel: blankToUndefined(env.LOG_LEVEL),
    bodyLimitBytes: blankToUndefined(env.B2B_CHECKOUT_BODY_LIMIT_BYTES),
    providerDir: blankToUndefined(env.B2B_CHECKOUT_PROVIDER_DIR),
    providerHosts: blankToUndefined(env.B2B_CHECKOUT_PROVIDER_HOSTS),
    testPayments: blankToUndefined(env.B2B_CHECKOUT_TEST_PAYMENTS),
    tokenTtlSeconds: blankToUndefined(env.B2B_CHECKOUT_TOKEN_TTL_SECONDS),
    trustProxy: blankToUndefined(env.B2B_CHECKOUT_TRUST_PROXY),
    queryTimeoutMs: blankToUndefined(env.B2B_CHECKOUT_QUERY_TIMEOUT_MS),
    purgeIntervalMs: blankToUndefined(env.B2B_CHECKOUT_PURGE_INTERVAL_MS),
    purgeOperationAgeMs: blankToUndefined(env.B2B_CHECKOUT_PURGE_OPERATION_AGE_MS),
    purgeOutputAgeMs: blankToUndefined(env.B2B_CHECKOUT_PURGE_OUTPUT_AGE_MS),
    purgeEventAgeMs: blankToUndefined(env.B2B_CHECKOUT_PURGE_EVENT_AGE_MS),
    purgeInterviewAgeMs: blankToUndefined(env.B2B_CHECKOUT_PURGE_INTERVIEW_AGE_MS),
    purgePausedInterviewAgeMs: blankToUndefined(env.B2B_CHECKOUT_PURGE_PAUSED_INTERVIEW_AGE_MS),
  });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  return parsed.data;
}
