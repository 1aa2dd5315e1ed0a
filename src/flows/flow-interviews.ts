/**
 * The interview service the HTTP API and embedding code use: start, read (with long-poll),
 * navigate with a version, and run autolaunched flows. An interview belongs to the user who
 * started it (another user gets NOT_FOUND) and runs as that user. A wait screen advances as
 * soon as its session stops processing, when the interview is read. A long-poll sleeps until
 * a committed change of the interview or of its wait screen's records (record change notices,
 * any process on PostgreSQL), rechecking every second in case a wait depends on anything else.
 */
import type { Caller } from '../access/caller.js';
import { CheckoutError } from '../domain/errors.js';
import { hasScreens } from './flow-model.js';
import type { FlowRuntime } from './flow-runtime.js';
import type { ScreenView } from './flow-screens.js';
import type { InterviewState } from './interview-state.js';
import { interviewScreenEvents } from './interview-events.js';
import {
  insertInterview,
  moveInterviewVersion,
  readInterview,
  saveInterview,
  type StoredInterview,
} from './interview-store.js';
import {
  advanceWaitScreen,
  isWaitOver,
  navigateInterviewState,
  screenOf,
  startInterviewState,
  waitedOnRecords,
  type NavigateAction,
} from './navigate-interview.js';

export interface InterviewView {
  id: string;
  flowApiName: string;
  flowVersion: number;
  status: 'Paused' | 'Finished' | 'Error';
  version: number;
  screen: ScreenView | null;
  outputs: Record<string, unknown>;
  error: string | null;
  redirect: { pageName: string; recordId: string | null } | null;
}

export interface NavigateRequest {
  readonly action: NavigateAction;
  readonly version: number;
  readonly fields?: Readonly<Record<string, unknown>>;
}

/** Longest long-poll (s). */
export const maxWaitSeconds = 25;
/** Longest sleep of a long-poll between two looks (ms): bounds a wait on records without notices. */
const defaultRecheckMs = 1_000;

const versionMismatch = () =>
  new CheckoutError(
    'INTERVIEW_VERSION_MISMATCH',
    409,
    'The interview has moved on since this version (another tab or request); read it again',
  );

export class FlowInterviews {
  constructor(private readonly runtime: FlowRuntime) {}

  private async view(caller: Caller, interview: StoredInterview): Promise<InterviewView> {
    const { state } = interview;
    return {
      id: interview.id,
      flowApiName: interview.flowApiName,
      flowVersion: interview.flowVersion,
      status: state.status === 'Running' ? 'Paused' : state.status,
      version: interview.version,
      screen: state.status === 'Paused' ? await screenOf(this.runtime, caller, state) : null,
      outputs: state.outputs,
      error: state.error,
      redirect: state.redirect,
    };
  }

  private async owned(caller: Caller, id: string): Promise<StoredInterview> {
    const interview = await readInterview(this.runtime.store, id);
    if (interview === null || interview.userId !== caller.userId) {
      throw new CheckoutError('NOT_FOUND', 404, `No flow interview with id ${id}`);
    }
    return interview;
  }

  async start(caller: Caller, flowApiName: string, inputs: Readonly<Record<string, unknown>>): Promise<InterviewView> {
    const flow = await this.runtime.flows.load(flowApiName);
    if (flow === null) throw new CheckoutError('NOT_FOUND', 404, `No active flow named ${flowApiName}`);
    const state = await startInterviewState(this.runtime, caller, flow.model.apiName, inputs);
    const interview = await insertInterview(
      this.runtime.store,
      {
        flowApiName: flow.model.apiName,
        flowVersion: state.frames[0]?.flowVersion ?? flow.version,
        userId: caller.userId,
        state,
      },
      (id) => interviewScreenEvents({ id, flowApiName: flow.model.apiName }, null, state, caller.userId),
    );
    return this.view(caller, interview);
  }

  /** Runs a claimed change of the state: version `from` → `from + 1`, or 409 when stale. */
  private async change(
    caller: Caller,
    interview: StoredInterview,
    from: number,
    work: (state: InterviewState) => Promise<unknown>,
    action: string | null = null,
  ): Promise<StoredInterview> {
    if (interview.version !== from) throw versionMismatch();
    const to = from + 1;
    if (!(await moveInterviewVersion(this.runtime.store, interview.id, from, to))) throw versionMismatch();
    const state = structuredClone(interview.state);
    try {
      await work(state);
    } catch (error) {
      // Refused before anything changed (a field the adapter rejected): give the version back.
      await moveInterviewVersion(this.runtime.store, interview.id, to, from);
      throw error;
    }
    const events = interviewScreenEvents(interview, interview.state, state, caller.userId, action);
    if (!(await saveInterview(this.runtime.store, interview.id, to, state, events))) throw versionMismatch();
    return { ...interview, version: to, state };
  }

  async navigate(caller: Caller, id: string, request: NavigateRequest): Promise<InterviewView> {
    const interview = await this.owned(caller, id);
    const changed = await this.change(
      caller,
      interview,
      request.version,
      (state) => navigateInterviewState(this.runtime, caller, state, request.action, request.fields ?? {}),
      request.action,
    );
    return this.view(caller, changed);
  }

  /**
   * Advances a wait screen whose wait is over; the interview as it then is. The flow runs once,
   * inside the versioned change: running it on a copy first would run its actions twice.
   */
  private async refresh(caller: Caller, interview: StoredInterview): Promise<StoredInterview> {
    if (!(await isWaitOver(this.runtime, caller, interview.state))) return interview;
    try {
      return await this.change(
        caller,
        interview,
        interview.version,
        async (state) => {
          await advanceWaitScreen(this.runtime, caller, state);
        },
        'WAIT_OVER',
      );
    } catch (error) {
      // Another reader advanced it first: read what it stored.
      if (error instanceof CheckoutError && error.errorCode === 'INTERVIEW_VERSION_MISMATCH') {
        return this.owned(caller, interview.id);
      }
      throw error;
    }
  }

  /** The interview; with `waitSeconds`, waits up to that long (25 s at most) for it to move. */
  async read(caller: Caller, id: string, waitSeconds = 0): Promise<InterviewView> {
    const initial = await this.owned(caller, id);
    const deadline = Date.now() + Math.min(Math.max(waitSeconds, 0), maxWaitSeconds) * 1000;
    const recheckMs = this.runtime.interviewRecheckMs ?? defaultRecheckMs;
    // A navigate claims the next version before it stores the new state (change()): a version
    // claimed with the state as it was is a move in progress, which the long-poll waits out (its
    // save wakes it again) rather than answer a version with the screen before it.
    const initialState = JSON.stringify(initial.state);
    const isUnmoved = (interview: StoredInterview) =>
      interview.state.status === 'Paused' &&
      (interview.version === initial.version || JSON.stringify(interview.state) === initialState);
    // A move made by this very read (a wait screen advancing) answers the long-poll at once.
    let current = await this.refresh(caller, initial);
    while (isUnmoved(current) && Date.now() < deadline) {
      const changes = await this.subscribe(caller, current);
      try {
        // Read again once subscribed: a change committed before it is seen here, not missed.
        current = await this.refresh(caller, await this.owned(caller, id));
        if (!isUnmoved(current)) break;
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          changes.changed,
          new Promise((resolve) => (timer = setTimeout(resolve, Math.min(recheckMs, deadline - Date.now())))),
        ]);
        clearTimeout(timer);
      } finally {
        changes.cancel();
      }
      current = await this.refresh(caller, await this.owned(caller, id));
    }
    return this.view(caller, current);
  }

  /** Resolves `changed` at the next committed change of the interview or of its wait's records. */
  private async subscribe(
    caller: Caller,
    interview: StoredInterview,
  ): Promise<{ readonly changed: Promise<void>; cancel(): void }> {
    const { recordChanges } = this.runtime;
    if (recordChanges === undefined) return { changed: new Promise(() => undefined), cancel: () => undefined };
    const ids = [interview.id, ...(await waitedOnRecords(this.runtime, caller, interview.state))];
    const subscriptions = await Promise.all(ids.map((recordId) => recordChanges.subscribe(recordId)));
    return {
      changed: Promise.race(subscriptions.map((subscription) => subscription.changed)),
      cancel: () => subscriptions.forEach((subscription) => subscription.cancel()),
    };
  }

  /** An autolaunched flow run to its end (a flow with screens is refused); its output variables. */
  async runAutolaunched(
    caller: Caller,
    flowApiName: string,
    inputs: Readonly<Record<string, unknown>>,
  ): Promise<{ status: 'Finished' | 'Error'; outputs: Record<string, unknown>; error: string | null }> {
    const flow = await this.runtime.flows.load(flowApiName);
    if (flow === null) throw new CheckoutError('NOT_FOUND', 404, `No active flow named ${flowApiName}`);
    if (hasScreens(flow.model)) {
      throw new CheckoutError('INVALID_OPERATION', 400, `Flow ${flowApiName} has screens; start it as an interview`);
    }
    const state = await startInterviewState(this.runtime, caller, flow.model.apiName, inputs);
    if (state.status === 'Finished') return { status: 'Finished', outputs: state.outputs, error: null };
    return { status: 'Error', outputs: {}, error: state.error ?? 'The flow stopped before its end' };
  }
}
