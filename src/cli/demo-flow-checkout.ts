/**
 * The demo's second checkout, driven by the store's checkout flow (the built-in one) through
 * the interview API as the buyer would drive it from a page: each screen shown and what the
 * buyer submits (the account's first address, the cheapest delivery method, a purchase order),
 * each step's wait, and how long each move took; it ends with the order the flow activated.
 */
import { loadCaller } from '../access/caller.js';
import type { Engine } from '../engine.js';
import type { InterviewView } from '../flows/flow-interviews.js';
import { builtInCheckoutFlowApiName } from '../flows/provided-flow-files.js';

export interface DemoFlowCheckout {
  readonly cartId: string;
  readonly buyerId: string;
  readonly print: (line: string) => void;
}

type Screen = NonNullable<InterviewView['screen']>;

const waitComponent = 'forceCommunity:commerceScreenWait';

function answerFor(screen: Screen): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const field of screen.fields) {
    if (field.component === 'forceCommunity:commerceDelivery') {
      const [first] = (field.inputs?.addresses ?? []) as { id: string }[];
      if (first !== undefined) fields[field.name] = { contactPointAddressId: first.id };
    }
    if (field.component === 'commerce_checkout:deliveryMethod' && field.inputs?.isReadOnly !== true) {
      const [cheapest] = (field.inputs?.options ?? []) as { deliveryMethodId: string }[];
      if (cheapest !== undefined) fields[field.name] = { orderDeliveryMethodId: cheapest.deliveryMethodId };
    }
    if (field.component === 'c:paymentMethod') {
      fields[field.name] = { paymentType: 'PurchaseOrder', purchaseOrderNumber: 'PO-DEMO-1' };
    }
  }
  return fields;
}

export async function runDemoFlowCheckout(engine: Engine, { cartId, buyerId, print }: DemoFlowCheckout): Promise<void> {
  const caller = await loadCaller(engine.store.db, buyerId);
  if (caller === null) throw new Error(`No user ${buyerId}`);
  const interviews = engine.flowInterviews;
  const timed = async (work: () => Promise<InterviewView>): Promise<[InterviewView, string]> => {
    const startedMs = performance.now();
    const interview = await work();
    return [interview, (performance.now() - startedMs).toFixed(1)];
  };
  let [interview, ms] = await timed(() => interviews.start(caller, builtInCheckoutFlowApiName, { cartId }));
  print(`→ flow ${builtInCheckoutFlowApiName} started ✓ ${ms} ms (interview ${interview.id})`);
  for (let moves = 0; interview.status === 'Paused' && interview.screen !== null && moves < 200; moves += 1) {
    const screen = interview.screen;
    const current = interview;
    if (screen.fields.some((field) => field.component === waitComponent)) {
      [interview, ms] = await timed(() => interviews.read(caller, current.id, 5));
      if (interview.screen?.name !== screen.name) print(`   ⏳ ${screen.name} ${ms} ms`);
      continue;
    }
    const fields = answerFor(screen);
    print(`   ▣ ${screen.name} shown: ${screen.fields.map((field) => field.component ?? field.type).join(', ')}`);
    [interview, ms] = await timed(() =>
      interviews.navigate(caller, current.id, { action: 'NEXT', version: current.version, fields }),
    );
    print(`   ✓ ${screen.name} submitted ${JSON.stringify(fields)} ${ms} ms`);
  }
  if (interview.status !== 'Finished') {
    throw new Error(`The checkout flow stopped: ${interview.error ?? interview.screen?.name ?? interview.status}`);
  }
  const order = await engine.store.db
    .selectFrom('cart_checkout_session')
    .innerJoin('sales_order', 'sales_order.id', 'cart_checkout_session.order_id')
    .select(['sales_order.id', 'sales_order.order_number', 'sales_order.status', 'sales_order.po_number'])
    .where('cart_checkout_session.web_cart_id', '=', cartId)
    .executeTakeFirstOrThrow();
  print(
    `Flow checkout: order ${order.order_number} (${order.id}): ${order.status}, PO ${order.po_number ?? ''}; redirected to ${interview.redirect?.pageName ?? ''} ${interview.redirect?.recordId ?? ''}`,
  );
}
