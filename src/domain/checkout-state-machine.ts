/**
 * The checkout state machine as one table (SPEC.md section 3, DESIGN.md concurrency rule 7).
 * Every writer of sessions, carts and orders — actions, the sObject API, workers, the reaper,
 * cancel — goes through the commands built on this table (src/store/checkout-transitions.ts),
 * which turn a transition's `from` phases into the WHERE clause of one conditional update. A
 * transition that is not listed here cannot happen, whoever asks.
 *
 * A session's `State` is free text chosen by the flow; what the engine guards is the session's
 * *phase*, derived from its flags: Idle (nothing pending), Pending (`NextState` set), Processing
 * (a background operation runs), Error, Archived (never changes again).
 */

export const sessionPhases = ['Idle', 'Pending', 'Processing', 'Error', 'Archived'] as const;
export type SessionPhase = (typeof sessionPhases)[number];

export interface Transition<P extends string> {
  readonly from: readonly P[];
  readonly to: P;
  /** Why it exists, for the reader of the table. */
  readonly because: string;
}

export const sessionTransitions = {
  requestTransition: {
    from: ['Idle'],
    to: 'Pending',
    because: 'updateCheckoutSessionStateAction, or a record update of NextState: compare-and-set on State',
  },
  setState: {
    from: ['Idle', 'Pending'],
    to: 'Idle',
    because: 'a screen step sets State with a record update; a pending NextState is cleared',
  },
  startOperation: {
    from: ['Pending'],
    to: 'Processing',
    because: 'an asynchronous step enqueues its background operation',
  },
  completeOperation: { from: ['Processing'], to: 'Idle', because: 'the step succeeded: State := NextState' },
  failOperation: {
    from: ['Processing'],
    to: 'Error',
    because: 'the step failed, ran out of retries or of time: State := Error',
  },
  completeAndArchive: {
    from: ['Processing'],
    to: 'Archived',
    because: 'activation finished with its order summary: the checkout is over',
  },
  expireReservation: {
    from: ['Idle', 'Pending'],
    to: 'Error',
    because: 'a Draft order was not activated within the store reservation window',
  },
  cancel: {
    from: ['Idle', 'Pending', 'Processing', 'Error'],
    to: 'Archived',
    because: 'cancelCartAsyncOperation, or a change to what the cart buys',
  },
} as const satisfies Record<string, Transition<SessionPhase>>;
export type SessionTransition = keyof typeof sessionTransitions;

export const cartStatusTransitions = {
  lockForCheckout: { from: ['Active', 'Checkout'], to: 'Checkout', because: 'checkoutSessionAction' },
  unlock: { from: ['Checkout'], to: 'Active', because: 'the checkout was canceled' },
  close: { from: ['Checkout'], to: 'Closed', because: 'the order was activated' },
} as const satisfies Record<string, Transition<'Active' | 'Checkout' | 'Closed'>>;
export type CartStatusTransition = keyof typeof cartStatusTransitions;

export const orderStatusTransitions = {
  activate: { from: ['Draft'], to: 'Activated', because: 'activateOrderAction; the order is read-only from then on' },
} as const satisfies Record<string, Transition<'Draft' | 'Activated'>>;
export type OrderStatusTransition = keyof typeof orderStatusTransitions;

/**
 * Checks a transition table once at start-up: every phase named is known, every phase is
 * reachable from the initial one, and the terminal phases have no way out. Throws on the first
 * problem, naming it.
 */
export function validateTransitionTable<P extends string>(
  name: string,
  phases: readonly P[],
  initial: P,
  terminal: readonly P[],
  table: Readonly<Record<string, Transition<P>>>,
): void {
  const known = new Set<string>(phases);
  for (const [transition, { from, to }] of Object.entries(table)) {
    for (const phase of [...from, to]) {
      if (!known.has(phase)) throw new Error(`${name}: transition ${transition} names unknown phase ${phase}`);
    }
    for (const phase of from) {
      if (terminal.includes(phase)) throw new Error(`${name}: transition ${transition} leaves terminal phase ${phase}`);
    }
  }
  const reached = new Set<string>([initial]);
  for (let grew = true; grew;) {
    grew = false;
    for (const { from, to } of Object.values(table)) {
      if (!reached.has(to) && from.some((phase) => reached.has(phase))) {
        reached.add(to);
        grew = true;
      }
    }
  }
  const unreachable = phases.filter((phase) => !reached.has(phase));
  if (unreachable.length > 0) throw new Error(`${name}: unreachable phases ${unreachable.join(', ')}`);
}

/** Validates the three tables; the engine calls it before it opens the store. */
export function validateCheckoutStateMachine(): void {
  validateTransitionTable('CartCheckoutSession', sessionPhases, 'Idle', ['Archived'], sessionTransitions);
  validateTransitionTable(
    'WebCart.Status',
    ['Active', 'Checkout', 'Closed'],
    'Active',
    ['Closed'],
    cartStatusTransitions,
  );
  validateTransitionTable('Order.Status', ['Draft', 'Activated'], 'Draft', ['Activated'], orderStatusTransitions);
}
