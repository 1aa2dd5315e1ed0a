/**
 * Server configuration from command-line flags and the environment, validated once at start.
 * Flags win over the environment; the environment over the defaults.
 */
import { z } from 'zod';

export const defaultDatabaseFile = '.b2b-checkout/b2b-checkout.sqlite';

const configSchema = z.object({
  port: z.coerce.number().int().min(0).max(65535).default(3000),
  host: z.string().min(1).default('127.0.0.1'),
  databaseUrl: z.string().min(1).default(defaultDatabaseFile),
  /** When set, the administrator's bearer token; else one is generated at first start. */
  adminToken: z
    .string()
    .min(20, 'B2B_CHECKOUT_ADMIN_TOKEN must be at least 20 characters')
    .regex(/^\S+$/, 'B2B_CHECKOUT_ADMIN_TOKEN must not contain spaces')
    .optional(),
  /** Seed the demo store when the database has no store yet. */
  demo: z.boolean().default(false),
  workers: z.coerce.number().int().min(0).max(64).default(1),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  bodyLimitBytes: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
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
});

export type Config = z.infer<typeof configSchema>;

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
    queryTimeoutMs: blankToUndefined(env.B2B_CHECKOUT_QUERY_TIMEOUT_MS),
    purgeIntervalMs: blankToUndefined(env.B2B_CHECKOUT_PURGE_INTERVAL_MS),
    purgeOperationAgeMs: blankToUndefined(env.B2B_CHECKOUT_PURGE_OPERATION_AGE_MS),
    purgeOutputAgeMs: blankToUndefined(env.B2B_CHECKOUT_PURGE_OUTPUT_AGE_MS),
  });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  return parsed.data;
}
