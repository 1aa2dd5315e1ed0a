/**
 * A buyer driving a checkout flow's interview to its end, screen by screen, the way a web page
 * does: waits on wait screens (long-poll), picks the cheapest delivery method, enters a
 * purchase order, confirms the summary. The client is the interview API, in process or HTTP.
 */
import { expect } from 'vitest';

export interface InterviewScreenField {
  readonly name: string;
  readonly type: string;
  readonly component: string | null;
  readonly inputs: Record<string, unknown> | null;
}

export interface Interview {
  readonly id: string;
  readonly status: 'Paused' | 'Finished' | 'Error';
  readonly version: number;
  readonly screen: { readonly name: string; readonly fields: readonly InterviewScreenField[] } | null;
  readonly error: string | null;
  readonly redirect: { readonly pageName: string; readonly recordId: string | null } | null;
}

export interface InterviewClient {
  start(flowApiName: string, inputs: Record<string, unknown>): Promise<Interview>;
  read(id: string, waitSeconds: number): Promise<Interview>;
  navigate(id: string, body: { action: string; version: number; fields?: Record<string, unknown> }): Promise<Interview>;
}

/** How the buyer pays on the payment screen (`c:paymentMethod`): a purchase order by default. */
export type PaymentAnswer =
  | { readonly paymentType: 'PurchaseOrder'; readonly purchaseOrderNumber: string }
  | { readonly paymentType: 'CardPayment'; readonly card: { readonly gatewayToken: string } };

export const purchaseOrderPayment: PaymentAnswer = { paymentType: 'PurchaseOrder', purchaseOrderNumber: 'PO-4711' };

interface AddressView {
  readonly id: string;
}
interface DeliverToView {
  readonly name: string | null;
  readonly street: string | null;
  readonly city: string | null;
  readonly state: string | null;
  readonly postalCode: string | null;
  readonly country: string | null;
}

/**
 * The shipping address answer: the account's first (default) address, or, for an account with
 * none, the cart's current delivery address entered as a new one.
 */
function addressAnswer(inputs: Record<string, unknown> | null): Record<string, unknown> {
  const [first] = (inputs?.addresses ?? []) as AddressView[];
  if (first !== undefined) return { contactPointAddressId: first.id };
  const deliverTo = inputs?.deliverTo as DeliverToView | null;
  return {
    newAddress: {
      name: deliverTo?.name ?? 'Receiving',
      street: deliverTo?.street ?? '1 Market St',
      city: deliverTo?.city ?? 'San Francisco',
      state: deliverTo?.state ?? 'CA',
      postalCode: deliverTo?.postalCode ?? '94105',
      country: deliverTo?.country ?? 'US',
    },
  };
}

/** What the buyer answers on a screen, by the component or field it shows. */
export function answerFor(
  screen: NonNullable<Interview['screen']>,
  payment: PaymentAnswer = purchaseOrderPayment,
): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const field of screen.fields) {
    if (field.component === 'commerce_checkout:deliveryMethod' && field.inputs?.isReadOnly !== true) {
      const [cheapest] = field.inputs?.options as { deliveryMethodId: string }[];
      fields[field.name] = { orderDeliveryMethodId: cheapest!.deliveryMethodId };
    }
    if (field.component === 'forceCommunity:commerceDelivery') fields[field.name] = addressAnswer(field.inputs);
    if (field.component === 'c:paymentMethod') fields[field.name] = payment;
    if (field.type === 'InputField') fields[field.name] = 'PO-4711';
  }
  return fields;
}

/**
 * Answers screens until the interview ends or shows `stopAt`; the screens it went through.
 * Wait screens are long-polled (bounded: 200 moves at most).
 */
export async function advanceCheckout(
  client: InterviewClient,
  start: Interview,
  stopAt?: string,
  payment: PaymentAnswer = purchaseOrderPayment,
): Promise<{ interview: Interview; screens: string[] }> {
  let interview = start;
  const screens: string[] = [];
  for (let moves = 0; interview.status === 'Paused' && moves < 200; moves += 1) {
    const screen = interview.screen!;
    if (screen.name === stopAt) break;
    screens.push(screen.name);
    const isWait = screen.fields.some((field) => field.component === 'forceCommunity:commerceScreenWait');
    interview = isWait
      ? await client.read(interview.id, 2)
      : await client.navigate(interview.id, {
          action: 'NEXT',
          version: interview.version,
          fields: answerFor(screen, payment),
        });
  }
  return { interview, screens: screens.filter((name, index) => name !== screens[index - 1]) };
}

/** Drives a new interview of the flow for the cart to its end. */
export async function driveCheckout(
  client: InterviewClient,
  flowApiName: string,
  cartId: string,
  payment: PaymentAnswer = purchaseOrderPayment,
) {
  const result = await advanceCheckout(client, await client.start(flowApiName, { cartId }), undefined, payment);
  expect(result.interview.error, JSON.stringify(result.interview)).toBeNull();
  return result;
}
