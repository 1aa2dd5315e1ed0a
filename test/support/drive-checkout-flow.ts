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

/** What the buyer answers on a screen, by the component or field it shows. */
export function answerFor(screen: NonNullable<Interview['screen']>): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const field of screen.fields) {
    if (field.component === 'commerce_checkout:deliveryMethod' && field.inputs?.isReadOnly !== true) {
      const [cheapest] = field.inputs?.options as { deliveryMethodId: string }[];
      fields[field.name] = { orderDeliveryMethodId: cheapest!.deliveryMethodId };
    }
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
      : await client.navigate(interview.id, { action: 'NEXT', version: interview.version, fields: answerFor(screen) });
  }
  return { interview, screens: screens.filter((name, index) => name !== screens[index - 1]) };
}

/** Drives a new interview of the flow for the cart to its end. */
export async function driveCheckout(client: InterviewClient, flowApiName: string, cartId: string) {
  const result = await advanceCheckout(client, await client.start(flowApiName, { cartId }));
  expect(result.interview.error, JSON.stringify(result.interview)).toBeNull();
  return result;
}
