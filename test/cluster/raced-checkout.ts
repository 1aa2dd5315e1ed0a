/**
 * One checkout driven by two clients racing every step on two different servers: both create
 * the session, both try each state update, both try to start each step. Exactly one of each
 * pair may win; the loser must get a documented error.
 */
import type { Kysely } from 'kysely';
import { expect } from 'vitest';
import type { Database } from '../../src/records/registry.js';
import { invokeOver } from './cluster-client.js';

export interface RaceTally {
  updateRacesLost: number;
  stepRacesLost: number;
}

export interface RacedOutcome {
  readonly cartId: string;
  readonly sessionId: string;
  readonly isComplete: boolean;
}

const steps: readonly [string, string, string, Record<string, unknown>][] = [
  ['Start', 'Inventory', 'checkCartInventoryAction', {}],
  ['Inventory', 'Cart To Order', 'cartToOrderAction', {}],
  ['Cart To Order', 'Activate Order', 'activateOrderAction', { orderStatus: 'Activated' }],
];

/** Losers of a step race: another start is in process, the step already ended, or (activation) the session is processing. */
const stepLoserCodes = new Set(['ALREADY_IN_PROCESS', 'INVALID_OPERATION', 'INVALID_INPUT']);

export async function waitWhileProcessing(db: Kysely<Database>, sessionId: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const session = await db
      .selectFrom('cart_checkout_session')
      .selectAll()
      .where('id', '=', sessionId)
      .executeTakeFirstOrThrow();
    if (session.is_processing === 0) return session;
    if (Date.now() > deadline) {
      const operations = await db
        .selectFrom('background_operation')
        .selectAll()
        .where('checkout_session_id', '=', sessionId)
        .execute();
      throw new Error(
        `Session ${sessionId} still processing after ${timeoutMs} ms: ${JSON.stringify({ session, operations })}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export async function racedCheckout(
  db: Kysely<Database>,
  servers: readonly [string, string],
  token: string,
  cartId: string,
  tally: RaceTally,
): Promise<RacedOutcome> {
  const both = (action: string, input: Record<string, unknown>) =>
    Promise.all(servers.map((server) => invokeOver(server, token, action, input)));
  const created = await both('checkoutSessionAction', { cartId });
  expect(created.map((result) => result.isSuccess)).toEqual([true, true]);
  const sessionId = created[0]!.outputValues!.requestId as string;
  expect(created[1]!.outputValues!.requestId).toBe(sessionId);

  for (const [from, to, action, extra] of steps) {
    const updates = await both('updateCheckoutSessionStateAction', {
      checkoutSessionId: sessionId,
      expCurrentState: from,
      nextState: to,
    });
    expect(updates.filter((result) => result.isSuccess)).toHaveLength(1);
    expect(updates.find((result) => !result.isSuccess)!.errorCode).toBe('EXPECTED_STATE_MISMATCH');
    tally.updateRacesLost += 1;
    const starts = await both(action, { cartId, ...extra });
    expect(
      starts.filter((result) => result.isSuccess),
      JSON.stringify(starts),
    ).toHaveLength(1);
    expect(stepLoserCodes.has(starts.find((result) => !result.isSuccess)!.errorCode ?? '')).toBe(true);
    tally.stepRacesLost += 1;
    const session = await waitWhileProcessing(db, sessionId);
    if (session.is_error === 1) return { cartId, sessionId, isComplete: false };
  }
  return { cartId, sessionId, isComplete: true };
}
