/**
 * One full checkout driven by the store's built-in checkout flow, the same for every transport:
 * the buyer starts an interview for the cart and answers each screen as a page would (the
 * account's first address, the cheapest delivery method, a purchase order, the summary), and
 * on a wait screen reads the interview with a long-poll until the screen changes. It ends with
 * the order the flow activated; anything else throws (a benchmark checkout must never fail).
 */
import type { InterviewView } from '../src/flows/flow-interviews.js';
import { builtInCheckoutFlowApiName } from '../src/flows/provided-flow-files.js';
import type { RecordLatency } from './run-standard-checkout.js';

/** How a buyer reaches the interview API: over HTTP (or in process). */
export interface FlowTransport {
  start(flowApiName: string, inputs: Record<string, unknown>): Promise<InterviewView>;
  /** Answers when the interview moved, or after `waitSeconds` when it did not. */
  read(interviewId: string, waitSeconds: number): Promise<InterviewView>;
  navigate(interviewId: string, version: number, fields: Record<string, unknown>): Promise<InterviewView>;
  /** The Status of the Order an OrderSummary was written for. */
  readOrderStatus(orderSummaryId: string): Promise<string>;
}

type Screen = NonNullable<InterviewView['screen']>;

const waitComponent = 'forceCommunity:commerceScreenWait';
/** The longest long-poll a wait screen asks for (s); it answers as soon as the screen moves. */
const waitSeconds = 25;
/** Far more than the built-in flow's screens and waits: a loop that never ends is a bug. */
const maxMoves = 200;

function answerFor(screen: Screen): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const field of screen.fields) {
    if (field.component === 'forceCommunity:commerceDelivery') {
      const [first] = (field.inputs?.addresses ?? []) as { id: string }[];
      if (first === undefined) throw new Error(`${screen.name}: the buyer's account has no address`);
      fields[field.name] = { contactPointAddressId: first.id };
    }
    if (field.component === 'commerce_checkout:deliveryMethod' && field.inputs?.isReadOnly !== true) {
      const [cheapest] = (field.inputs?.options ?? []) as { deliveryMethodId: string }[];
      if (cheapest === undefined) throw new Error(`${screen.name}: no delivery method offered`);
      fields[field.name] = { orderDeliveryMethodId: cheapest.deliveryMethodId };
    }
    if (field.component === 'c:paymentMethod') {
      fields[field.name] = { paymentType: 'PurchaseOrder', purchaseOrderNumber: 'PO-BENCH-1' };
    }
  }
  return fields;
}

/**
 * Keys: `flow.start` (the start, which runs the flow to its first screen), `flow.navigate`
 * (one screen submitted), `flow.wait` (one long-poll read of a wait screen), `checkout.total`.
 */
export async function runFlowCheckout(transport: FlowTransport, cartId: string, record: RecordLatency): Promise<void> {
  const timed = async (key: string, call: () => Promise<InterviewView>): Promise<InterviewView> => {
    const startedMs = performance.now();
    const result = await call();
    record(key, performance.now() - startedMs);
    return result;
  };
  const startedMs = performance.now();
  let interview = await timed('flow.start', () => transport.start(builtInCheckoutFlowApiName, { cartId }));
  for (let moves = 0; interview.status === 'Paused' && interview.screen !== null; moves += 1) {
    if (moves >= maxMoves) throw new Error(`Flow checkout of ${cartId}: still on ${interview.screen.name}`);
    const { id, version, screen } = interview;
    interview = screen.fields.some((field) => field.component === waitComponent)
      ? await timed('flow.wait', () => transport.read(id, waitSeconds))
      : await timed('flow.navigate', () => transport.navigate(id, version, answerFor(screen)));
  }
  const summaryId = interview.redirect?.recordId ?? null;
  if (interview.status !== 'Finished' || summaryId === null) {
    const where = interview.error ?? interview.screen?.name ?? 'no order summary';
    throw new Error(`Flow checkout of ${cartId} ended ${interview.status}: ${where}`);
  }
  const status = await transport.readOrderStatus(summaryId);
  if (status !== 'Activated') throw new Error(`Flow checkout of ${cartId}: order ${status}, not Activated`);
  record('checkout.total', performance.now() - startedMs);
}
