/**
 * The checkout events of an interview's change (docs/flows.md): `FlowScreenSubmitted` for the
 * screen it left, `FlowScreenShown` for the screen it now shows, with the cart and session the
 * main flow holds (`cartId`, `checkoutSessionId`). interview-store.ts writes them in the
 * transaction that stores the interview.
 */
import type { CheckoutEvent } from '../store/checkout-event-log.js';
import { topFrame, type InterviewState } from './interview-state.js';

function textValue(state: InterviewState, name: string): string | null {
  const value = state.frames[0]?.values[name];
  return typeof value === 'string' && value !== '' ? value : null;
}

function screenEvent(
  type: 'FlowScreenShown' | 'FlowScreenSubmitted',
  state: InterviewState,
  interview: { readonly id: string; readonly flowApiName: string },
  actorId: string,
  action: string | null,
): CheckoutEvent {
  const frame = topFrame(state);
  return {
    type,
    cartId: textValue(state, 'cartid'),
    sessionId: textValue(state, 'checkoutsessionid'),
    actorId,
    detail: {
      interviewId: interview.id,
      flowApiName: frame.flowApiName,
      mainFlowApiName: interview.flowApiName,
      screen: frame.at,
      ...(action === null ? {} : { action }),
    },
  };
}

/** The events of a change from `before` (null: a new interview) to `after`. */
export function interviewScreenEvents(
  interview: { readonly id: string; readonly flowApiName: string },
  before: InterviewState | null,
  after: InterviewState,
  actorId: string,
  action: string | null = null,
): CheckoutEvent[] {
  const events: CheckoutEvent[] = [];
  if (before?.status === 'Paused') events.push(screenEvent('FlowScreenSubmitted', before, interview, actorId, action));
  if (after.status === 'Paused') events.push(screenEvent('FlowScreenShown', after, interview, actorId, null));
  return events;
}
