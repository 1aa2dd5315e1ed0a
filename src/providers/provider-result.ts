/**
 * What every provider call shares: the cart it is about, the messages it may return, its
 * SUCCESS/FAILED status (SPEC.md section 7), and the check the engine makes on every answer.
 * Amounts are integers in the currency's minor unit, and their names end in `Minor`, within
 * ±99,999,999,999,999 (999,999,999,999.99). Quantities are JSON numbers in units with at most 4
 * decimals (2.5), exact as sent (docs/decisions/0013-exact-quantities.md).
 */
import { z } from 'zod';
import { isAmountInRange } from '../domain/money.js';
import { validationLevels } from '../domain/vocabulary.js';

export interface CartContext {
  readonly cartId: string;
  readonly storeId: string;
  /** The effective account the cart is bought for. */
  readonly accountId: string;
  readonly currencyIsoCode: string;
}

export interface Address {
  readonly street: string | null;
  readonly city: string | null;
  readonly state: string | null;
  readonly postalCode: string | null;
  readonly country: string | null;
}

export interface ProviderMessage {
  /** `Error` fails the step; `Info` and `Warning` are kept as validation outputs. */
  readonly level: (typeof validationLevels)[number];
  readonly message: string;
  readonly cartItemId?: string | null;
}

export interface ProviderResult {
  /** FAILED fails the step (not retried) even without an Error message. */
  readonly status: 'SUCCESS' | 'FAILED';
  readonly messages?: readonly ProviderMessage[];
}

/** Integer minor units (cents), within the range every stored amount keeps. */
export const minorAmount = z
  .number()
  .int()
  .refine((value) => Number.isSafeInteger(value) && isAmountInRange(value), 'must be within ±99,999,999,999,999');

export const providerResultSchema = z.object({
  status: z.enum(['SUCCESS', 'FAILED']),
  messages: z
    .array(
      z.object({
        level: z.enum(validationLevels),
        message: z.string().max(32000),
        cartItemId: z.string().nullable().optional(),
      }),
    )
    .optional(),
});

/**
 * The provider's answer when it has the promised shape; otherwise throws a plain Error, which
 * the worker treats as a system failure (retried, then a SystemError output).
 */
export function parseProviderResponse<S extends z.ZodType>(
  schema: S,
  value: unknown,
  providerName: string,
): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue === undefined || issue.path.length === 0 ? '' : ` at ${issue.path.join('.')}`;
  throw new Error(`The ${providerName} provider answered an invalid response${where}: ${issue?.message ?? 'unknown'}`);
}
