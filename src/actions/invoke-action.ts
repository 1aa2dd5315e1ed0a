/**
 * Invoking one action with one input: find it, check the input's shape, check the caller may
 * invoke actions, run it, and turn the outcome into the result element of an invocable action
 * call. Errors never escape: a CheckoutError becomes its documented code and status; anything
 * else is reported to `onUnexpected` and answered UNKNOWN_EXCEPTION 500 without internals.
 */
import type { z } from 'zod';
import type { Caller } from '../access/caller.js';
import type { CallerCache } from '../access/caller-cache.js';
import { canInvokeActions } from '../access/checks.js';
import { CheckoutError, type ErrorCode } from '../domain/errors.js';
import type { Store } from '../store/database.js';
import type { ActionDefinition, OperationRunner } from './action.js';
import { findAction } from './catalog.js';

export interface ActionResult {
  readonly actionName: string;
  readonly isSuccess: boolean;
  readonly outputValues: Record<string, unknown> | null;
  readonly errors: { statusCode: ErrorCode; message: string; fields: string[] }[];
  /** The HTTP status this result alone would have: 200, or the error's documented status. */
  readonly httpStatus: number;
}

export interface InvokeDependencies {
  readonly store: Store;
  readonly operations: OperationRunner;
  readonly callers: CallerCache;
  readonly onUnexpected?: (error: unknown, actionName: string) => void;
}

function inputError(action: ActionDefinition, input: unknown, issues: readonly z.core.$ZodIssue[]): CheckoutError {
  const issue = issues[0]!;
  const field = String(issue.path[0] ?? '');
  if (issue.code === 'unrecognized_keys') {
    return new CheckoutError(
      'INVALID_INPUT',
      400,
      `Unknown input parameter(s) for ${action.name}: ${issue.keys.join(', ')}`,
      [...issue.keys],
    );
  }
  const isMissing = typeof input === 'object' && input !== null && field !== '' && !(field in input);
  if (isMissing) {
    return new CheckoutError('REQUIRED_FIELD_MISSING', 400, `Missing required input parameter: ${field}`, [field]);
  }
  return new CheckoutError('INVALID_INPUT', 400, `Invalid value for input parameter ${field}: ${issue.message}`, [
    field,
  ]);
}

function parseInput(action: ActionDefinition, input: unknown): unknown {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new CheckoutError('INVALID_INPUT', 400, 'Each input must be a JSON object of parameter values');
  }
  const parsed = action.input.safeParse(input);
  if (!parsed.success) throw inputError(action, input, parsed.error.issues);
  return parsed.data;
}

export async function invokeAction(
  deps: InvokeDependencies,
  actionName: string,
  input: unknown,
  who: { readonly userId: string } | Caller,
): Promise<ActionResult> {
  const action = findAction(actionName);
  const name = action?.name ?? actionName;
  try {
    if (action === undefined) throw new CheckoutError('NOT_FOUND', 404, `No action named ${actionName}`);
    const values = parseInput(action, input);
    // A caller already authenticated for this request (HTTP) is used as is; a bare user id is
    // loaded with its permissions (or taken from the engine's caller cache).
    const caller = 'permissions' in who ? who : await deps.callers.ofUser(deps.store.db, who.userId);
    if (caller === null || !canInvokeActions(caller)) {
      throw new CheckoutError('BAD_REQUEST', 400, "You don't have permission to invoke checkout actions");
    }
    const outputValues = await action.run({ store: deps.store, caller, operations: deps.operations }, values);
    return { actionName: name, isSuccess: true, outputValues, errors: [], httpStatus: 200 };
  } catch (error) {
    const failure =
      error instanceof CheckoutError
        ? error
        : new CheckoutError('UNKNOWN_EXCEPTION', 500, 'An unexpected error occurred; it has been logged');
    if (!(error instanceof CheckoutError) || error.cause !== undefined) deps.onUnexpected?.(error, name);
    return {
      actionName: name,
      isSuccess: false,
      outputValues: null,
      errors: [failure.toActionError()],
      httpStatus: failure.httpStatus,
    };
  }
}
