/** What an element handler gets, and what it answers: where the interview goes next. */
import type { FlowRuntime } from '../flow-runtime.js';
import type { FlowScope } from '../flow-scope.js';
import type { InterviewState } from '../interview-state.js';

export interface ElementContext extends FlowScope {
  readonly runtime: FlowRuntime;
  readonly state: InterviewState;
}

export type ElementStep =
  /** Continue at this element (null: the flow ends). */
  | { readonly kind: 'go'; readonly to: string | null }
  /** Run this flow as a subflow with these inputs; the caller's outputs are applied on return. */
  | { readonly kind: 'call'; readonly flowName: string; readonly inputs: Record<string, unknown> }
  /** Stop on this screen until the client navigates. */
  | { readonly kind: 'screen' };

export const goTo = (to: string | null): ElementStep => ({ kind: 'go', to });
