/** Input schemas shared by several actions. */
import { z } from 'zod';
import { stateMaxLength } from '../domain/vocabulary.js';

export const cartIdInput = z.string();

/** A checkout state: 1 to 30 characters, not blank. */
export const stateInput = z
  .string()
  .min(1, 'must not be empty')
  .max(stateMaxLength, `must be at most ${stateMaxLength} characters`)
  .refine((state) => state.trim().length > 0, 'must not be blank');

export const cartIdDoc = {
  name: 'cartId',
  label: 'Cart ID',
  description: 'The ID of the cart being checked out.',
  type: 'ID',
  sobjectType: 'WebCart',
} as const;

export const backgroundOperationIdDoc = {
  name: 'backgroundOperationId',
  label: 'Background Operation ID',
  description: 'The ID of the background operation that does the work.',
  type: 'ID',
  sobjectType: 'BackgroundOperation',
} as const;

export const runAsyncDoc = {
  name: 'runAsync',
  label: 'Run Asynchronously',
  description: 'When false, the work is done before the call returns. Default true.',
  type: 'BOOLEAN',
} as const;
