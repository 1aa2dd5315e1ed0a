/** Drives a checkout through the engine the way a flow does, asserting each call succeeds. */
import { expect } from 'vitest';
import type { ActionResult } from '../../src/actions/invoke-action.js';
import type { Engine } from '../../src/engine.js';

export function expectSuccess(result: ActionResult): Record<string, unknown> {
  expect(result.errors, JSON.stringify(result.errors)).toEqual([]);
  expect(result.isSuccess).toBe(true);
  return result.outputValues!;
}

export function expectError(result: ActionResult, errorCode: string, httpStatus: number): void {
  expect(result.isSuccess, JSON.stringify(result)).toBe(false);
  expect(result.errors[0]?.statusCode).toBe(errorCode);
  expect(result.httpStatus).toBe(httpStatus);
}

export class CheckoutDriver {
  constructor(
    private readonly engine: Engine,
    private readonly userId: string,
    readonly cartId: string,
  ) {}

  invoke(action: string, input: Record<string, unknown>): Promise<ActionResult> {
    return this.engine.invoke(action, input, { userId: this.userId });
  }

  async startSession(): Promise<string> {
    return expectSuccess(await this.invoke('checkoutSessionAction', { cartId: this.cartId })).requestId as string;
  }

  async moveTo(sessionId: string, expCurrentState: string, nextState: string): Promise<void> {
    expectSuccess(
      await this.invoke('updateCheckoutSessionStateAction', {
        checkoutSessionId: sessionId,
        expCurrentState,
        nextState,
      }),
    );
  }

  /** Runs one asynchronous step and waits for its operation to end. */
  async runStep(action: string, extra: Record<string, unknown> = {}): Promise<string> {
    const operationId = expectSuccess(await this.invoke(action, { cartId: this.cartId, ...extra }))
      .backgroundOperationId as string;
    await this.engine.settle();
    return operationId;
  }

  session(sessionId: string) {
    return this.engine.store.db
      .selectFrom('cart_checkout_session')
      .selectAll()
      .where('id', '=', sessionId)
      .executeTakeFirstOrThrow();
  }
}
