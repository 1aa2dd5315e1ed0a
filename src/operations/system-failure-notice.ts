/**
 * What a buyer reads about a system failure of a step (a provider that threw, hung, answered
 * garbage, a module refused): a generic message with a reference id, "The Tax service is
 * unavailable (ref 7f3a9c2e)" (SPEC.md section 7). Failure texts carry URLs, HTTP statuses,
 * file paths and stacks; those go to the log and to `BackgroundOperation.ErrorDetail`, which
 * only integrators and administrators read, under the same ref, so support can find them.
 */
import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import type { OperationType, ServiceProviderType } from '../domain/vocabulary.js';

/** The provider each provider step calls. */
const serviceOfStep: Partial<Readonly<Record<OperationType, ServiceProviderType>>> = {
  CheckInventory: 'Inventory',
  PriceCart: 'Price',
  CalculatePromotions: 'Promotions',
  CalculateShipment: 'Shipment',
  CalculateTaxes: 'Tax',
};

/** ErrorDetail is a 32,000-character text area. */
const maxDetailChars = 32_000;

export interface SystemFailureNotice {
  /** 8 hex digits, in the message, the detail and the log. */
  readonly ref: string;
  /** For everyone who may read the operation or the cart's outputs. */
  readonly message: string;
  /** For integrators and administrators: the error with its causes and stack. */
  readonly detail: string;
}

function describeError(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 5; depth += 1) {
    parts.push(current instanceof Error ? (current.stack ?? `${current.name}: ${current.message}`) : inspect(current));
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.join('\nCaused by: ');
}

export function systemFailureNotice(operationType: string, error: unknown): SystemFailureNotice {
  const ref = randomBytes(4).toString('hex');
  const service = serviceOfStep[operationType as OperationType];
  const message =
    service === undefined
      ? `The ${operationType} step failed unexpectedly (ref ${ref})`
      : `The ${service} service is unavailable (ref ${ref})`;
  const detail = `ref ${ref}: ${describeError(error)}`.slice(0, maxDetailChars);
  return { ref, message, detail };
}
