/**
 * updateCheckoutSessionStateAction: compare-and-set of the session's next state. Writes
 * NextState := nextState only if State = expCurrentState and the session is not processing,
 * archived or in error. Of two concurrent callers with the same expectation exactly one wins.
 *
 * Checks (in order):
 * 1. caller may invoke actions → BAD_REQUEST 400
 * 2. checkoutSessionId well-formed → UNKNOWN_EXCEPTION 403; names a session → INSUFFICIENT_ACCESS_OR_READONLY 400
 * 3. effective account valid for the caller → INSUFFICIENT_ACCESS_OR_READONLY 400
 * 4. account is a member of the store → INSUFFICIENT_ACCESS_OR_READONLY 400
 * 5. caller can read the cart → INSUFFICIENT_ACCESS_OR_READONLY 400
 * 6. cart Closed or Processing → INVALID_OPERATION 403
 * 7. State ≠ expCurrentState, a transition already pending, or session processing, archived or in
 *    error → EXPECTED_STATE_MISMATCH 409
 *
 * Effects: one conditional update of the session; the affected-row count decides the race.
 */
import { z } from 'zod';
import { CheckoutError } from '../domain/errors.js';
import { objects, parseIdOf } from '../records/registry.js';
import { requestTransition } from '../store/checkout-transitions.js';
import { defineAction } from './action.js';
import { assertCartAccess, sessionUpdateChecks } from './cart-checks.js';
import { readCartForAction } from './read-cart-for-action.js';
import { stateInput } from './inputs.js';

interface SessionFlags {
  state: string;
  next_state: string | null;
  is_processing: number;
  is_archived: number;
  is_error: number;
}

function mismatch(session: SessionFlags, expected: string) {
  const reason =
    session.state !== expected
      ? null
      : session.is_archived === 1
        ? 'the session is archived'
        : session.is_processing === 1
          ? 'the session is processing'
          : session.is_error === 1
            ? 'the session is in error'
            : session.next_state !== null
              ? `a transition to ${session.next_state} is already pending`
              : null;
  const actual = `the current state is ${session.state}`;
  return new CheckoutError(
    'EXPECTED_STATE_MISMATCH',
    409,
    `The checkout session can't be updated: ${reason === null ? actual : `${reason} (${actual})`}`,
    ['expCurrentState'],
  );
}

export const updateCheckoutSessionStateAction = defineAction({
  name: 'updateCheckoutSessionStateAction',
  aliases: ['updateCheckoutSessionAction'],
  label: 'Update Checkout Session Action',
  description: 'Sets the next state of a checkout session if its current state is the expected one.',
  input: z.strictObject({ checkoutSessionId: z.string(), nextState: stateInput, expCurrentState: stateInput }),
  inputs: [
    {
      name: 'checkoutSessionId',
      label: 'Checkout Session ID',
      description: 'The ID of the checkout session.',
      type: 'ID',
      sobjectType: 'CartCheckoutSession',
    },
    { name: 'nextState', label: 'Next State', description: 'The state the session moves to next.', type: 'STRING' },
    {
      name: 'expCurrentState',
      label: 'Expected Current State',
      description: 'The state the caller expects the session to be in.',
      type: 'STRING',
    },
  ],
  outputs: [
    {
      name: 'requestId',
      label: 'Request ID',
      description: 'The ID of the checkout session.',
      type: 'ID',
      sobjectType: 'CartCheckoutSession',
    },
  ],
  errorCodes: [
    'BAD_REQUEST',
    'UNKNOWN_EXCEPTION',
    'INSUFFICIENT_ACCESS_OR_READONLY',
    'INVALID_OPERATION',
    'EXPECTED_STATE_MISMATCH',
  ],
  async run(context, input) {
    const { db } = context.store;
    const sessionId = parseIdOf(objects.cartCheckoutSession, input.checkoutSessionId);
    if (sessionId === null) {
      throw new CheckoutError('UNKNOWN_EXCEPTION', 403, `Invalid checkout session id: ${input.checkoutSessionId}`, [
        'checkoutSessionId',
      ]);
    }
    const found = await readCartForAction(db, { sessionId });
    if (found === undefined) {
      throw new CheckoutError(
        'INSUFFICIENT_ACCESS_OR_READONLY',
        400,
        'The checkout session does not exist or you have no access to it',
        ['checkoutSessionId'],
      );
    }
    const { cart } = found;
    assertCartAccess(context.caller, found, sessionUpdateChecks);
    if (cart.status === 'Closed' || cart.status === 'Processing') {
      throw new CheckoutError('INVALID_OPERATION', 403, `The cart is ${cart.status}`);
    }
    const isWon = await requestTransition(
      db,
      sessionId,
      { currentState: input.expCurrentState, nextState: input.nextState },
      context.caller.userId,
    );
    if (!isWon) {
      const session = await db
        .selectFrom('cart_checkout_session')
        .select(['state', 'next_state', 'is_processing', 'is_archived', 'is_error'])
        .where('id', '=', sessionId)
        .executeTakeFirstOrThrow();
      throw mismatch(session, input.expCurrentState);
    }
    return { requestId: sessionId };
  },
});
