/**
 * Starting and navigating an interview, on its state (the interview store persists it):
 * NEXT/FINISH submit the screen and run on; BACK returns to the previous screen as it was;
 * PAUSE keeps it. A screen with a redirect component finishes the interview with `redirect`;
 * a wait screen advances by itself once its component stops waiting.
 */
import type { Caller } from '../access/caller.js';
import { CheckoutError } from '../domain/errors.js';
import type { FlowRuntime } from './flow-runtime.js';
import {
  acceptScreen,
  hasWaitComponent,
  isWaiting,
  pausedScreen,
  redirectOf,
  viewScreen,
  waitedOnRecordIds,
  type ScreenView,
} from './flow-screens.js';
import { maxBackSteps, type InterviewState } from './interview-state.js';
import { advanceInterview, FlowLoader, pushFrame } from './run-interview.js';

export type NavigateAction = 'NEXT' | 'BACK' | 'PAUSE' | 'FINISH';

async function settleScreen(runtime: FlowRuntime, caller: Caller, state: InterviewState): Promise<void> {
  const paused = await pausedScreen(new FlowLoader(runtime), caller, state);
  const redirect = paused === null ? null : redirectOf(paused);
  if (redirect !== null) {
    state.status = 'Finished';
    state.redirect = redirect;
  }
}

export async function startInterviewState(
  runtime: FlowRuntime,
  caller: Caller,
  flowApiName: string,
  inputs: Readonly<Record<string, unknown>>,
): Promise<InterviewState> {
  const flow = await runtime.flows.load(flowApiName);
  if (flow === null) throw new CheckoutError('NOT_FOUND', 404, `No active flow named ${flowApiName}`);
  const state: InterviewState = {
    frames: [],
    status: 'Running',
    error: null,
    outputs: {},
    snapshots: {},
    history: [],
    redirect: null,
  };
  pushFrame(runtime, caller, state, flow, inputs, null);
  await advanceInterview(runtime, caller, state);
  await settleScreen(runtime, caller, state);
  return state;
}

function notPaused(state: InterviewState): CheckoutError {
  return new CheckoutError('INVALID_OPERATION', 400, `The interview is ${state.status.toLowerCase()}; it cannot move`);
}

/** Moves the interview (mutating `state`); a refusal throws before anything changed. */
export async function navigateInterviewState(
  runtime: FlowRuntime,
  caller: Caller,
  state: InterviewState,
  action: NavigateAction,
  fields: Readonly<Record<string, unknown>>,
): Promise<void> {
  const paused = await pausedScreen(new FlowLoader(runtime), caller, state);
  if (paused === null) throw notPaused(state);
  if (action === 'PAUSE') {
    if (!paused.screen.allowPause) throw new CheckoutError('INVALID_OPERATION', 400, 'This screen cannot be paused');
    return;
  }
  if (action === 'BACK') {
    const previous = state.history.pop();
    if (!paused.screen.allowBack || previous === undefined) {
      throw new CheckoutError('INVALID_OPERATION', 400, 'This screen has no previous screen to go back to');
    }
    state.frames = previous.frames;
    state.snapshots = previous.snapshots;
    return;
  }
  const before = { frames: structuredClone(state.frames), snapshots: structuredClone(state.snapshots) };
  await acceptScreen(runtime, paused, fields);
  state.history = [...state.history, before].slice(-maxBackSteps);
  paused.scope.frame.at = paused.screen.connector;
  await advanceInterview(runtime, caller, state);
  await settleScreen(runtime, caller, state);
}

/** Advances a wait screen whose session stopped processing; true when it moved. */
export async function advanceWaitScreen(runtime: FlowRuntime, caller: Caller, state: InterviewState): Promise<boolean> {
  const paused = await pausedScreen(new FlowLoader(runtime), caller, state);
  if (paused === null || !hasWaitComponent(runtime, paused)) return false;
  if (await isWaiting(runtime, paused)) return false;
  await navigateInterviewState(runtime, caller, state, 'NEXT', {});
  return true;
}

/** True when the interview shows a wait screen whose wait is over (reads only, runs nothing). */
export async function isWaitOver(runtime: FlowRuntime, caller: Caller, state: InterviewState): Promise<boolean> {
  const paused = await pausedScreen(new FlowLoader(runtime), caller, state);
  return paused !== null && hasWaitComponent(runtime, paused) && !(await isWaiting(runtime, paused));
}

/** The records whose change may end the wait of the screen the interview shows (none: no wait). */
export async function waitedOnRecords(runtime: FlowRuntime, caller: Caller, state: InterviewState): Promise<string[]> {
  const paused = await pausedScreen(new FlowLoader(runtime), caller, state);
  return paused === null ? [] : waitedOnRecordIds(runtime, paused);
}

/** True when the interview shows a wait screen (a reader may long-poll it). */
export async function isOnWaitScreen(runtime: FlowRuntime, caller: Caller, state: InterviewState): Promise<boolean> {
  const paused = await pausedScreen(new FlowLoader(runtime), caller, state);
  return paused !== null && hasWaitComponent(runtime, paused);
}

export async function screenOf(
  runtime: FlowRuntime,
  caller: Caller,
  state: InterviewState,
): Promise<ScreenView | null> {
  const paused = await pausedScreen(new FlowLoader(runtime), caller, state);
  return paused === null ? null : viewScreen(runtime, paused);
}
