/**
 * The state of one interview: a stack of frames (the main flow, then each subflow it is in),
 * stored as JSON at every pause so that any process can resume it. Nothing here refers to
 * memory of a process: flows are named by API name and version.
 */

export interface FlowFrame {
  readonly flowApiName: string;
  readonly flowVersion: number;
  /** Variables, element outputs and screen field values, by lower-cased name. */
  values: Record<string, unknown>;
  /** The element to run next, or the screen shown while paused; null: the flow has ended. */
  at: string | null;
  faultMessage: string | null;
  /** Each running loop's position: the index of the item it hands out next. */
  loops: Record<string, number>;
  /** The subflow or flow action element of the frame below that called this one. */
  readonly calledBy: string | null;
}

export type InterviewStatus = 'Running' | 'Paused' | 'Finished' | 'Error';

export interface InterviewState {
  frames: FlowFrame[];
  status: InterviewStatus;
  error: string | null;
  /** The main flow's output variables once finished. */
  outputs: Record<string, unknown>;
  /** Record field values as last read or written, by record id: Update Records writes only what changed. */
  snapshots: Record<string, Record<string, unknown>>;
  /** Earlier screens, most recent last, for BACK (frames and snapshots as they were). */
  history: { frames: FlowFrame[]; snapshots: Record<string, Record<string, unknown>> }[];
  /** Set when a redirect component finished the interview. */
  redirect: { pageName: string; recordId: string | null } | null;
}

export const maxBackSteps = 20;

export function topFrame(state: InterviewState): FlowFrame {
  const frame = state.frames.at(-1);
  if (frame === undefined) throw new Error('An interview without frames');
  return frame;
}

export function newFrame(flowApiName: string, flowVersion: number, calledBy: string | null): FlowFrame {
  return { flowApiName, flowVersion, values: {}, at: null, faultMessage: null, loops: {}, calledBy };
}
