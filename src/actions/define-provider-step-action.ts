/**
 * The provider steps (inventory, price, promotions, shipment, taxes) share one contract: `cartId`
 * in, `backgroundOperationId` out, the common checks and preconditions of `startAsyncStep`, and
 * an operation whose Timeout and RetryLimit come from the store's custom service when it sets
 * them. Each step's own file names what differs.
 */
import { z } from 'zod';
import type { OperationType, ServiceProviderType } from '../domain/vocabulary.js';
import { defineAction } from './action.js';
import { backgroundOperationIdDoc, cartIdDoc, cartIdInput } from './inputs.js';
import { startAsyncStep } from './start-async-step.js';

export const asyncStepErrorCodes = [
  'BAD_REQUEST',
  'UNKNOWN_EXCEPTION',
  'INSUFFICIENT_ACCESS_OR_READONLY',
  'INVALID_OPERATION',
  'ALREADY_IN_PROCESS',
] as const;

export interface ProviderStep {
  readonly name: string;
  readonly aliases: readonly string[];
  readonly label: string;
  readonly description: string;
  readonly operationType: OperationType;
  readonly serviceType: ServiceProviderType;
}

export function defineProviderStepAction(step: ProviderStep) {
  return defineAction({
    name: step.name,
    aliases: step.aliases,
    label: step.label,
    description: step.description,
    input: z.strictObject({ cartId: cartIdInput }),
    inputs: [cartIdDoc],
    outputs: [backgroundOperationIdDoc],
    errorCodes: asyncStepErrorCodes,
    async run(context, input) {
      const { operationId } = await startAsyncStep(context, input.cartId, {
        type: step.operationType,
        serviceType: step.serviceType,
      });
      return { backgroundOperationId: operationId };
    },
  });
}
