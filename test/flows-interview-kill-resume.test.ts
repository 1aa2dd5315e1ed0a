/**
 * A `serve` process killed (SIGKILL) while a buyer's checkout interview waits on a screen:
 * another `serve` process on the same database reads the stored interview and takes it on to
 * the end. Both are real processes; the test process only seeds and reads the database.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { issueAccessToken } from '../src/access/access-tokens.js';
import { flowTables } from '../src/flows/flow-tables.js';
import { builtInCheckoutFlowApiName } from '../src/flows/provided-flow-files.js';
import { createCart } from '../src/seed/create-cart.js';
import { cartOf, seedStandardSetup } from './support/checkout-setup.js';
import { advanceCheckout, answerFor, type Interview, type InterviewClient } from './support/drive-checkout-flow.js';
import { spawnCli, type CliProcess } from './support/spawn-cli.js';
import { openTestEngine, type TestEngine } from './support/test-engine.js';
import { seedDefaultShippingAddress } from './support/seed-default-shipping-address.js';

let test: TestEngine;
let cartId: string;
let buyerToken: string;
let deliveryMethodIds: readonly string[];
const servers: CliProcess[] = [];

beforeEach(async () => {
  // No workers here: every step of the checkout runs in the `serve` processes.
  test = await openTestEngine(undefined, { workers: 0 });
  deliveryMethodIds = (await seedStandardSetup(test)).deliveryMethodIds;
  const buyer = test.store.buyers[0]!;
  const [widget, gadget] = test.store.products;
  ({ cartId } = await createCart(
    test.engine.store.db,
    test.store.storeId,
    buyer,
    [
      { product: widget!, quantity: 2 },
      { product: gadget!, quantity: 1 },
    ],
    { isPriced: false },
  ));
  await seedDefaultShippingAddress(test.engine.store.db, buyer.accountId);
  buyerToken = await issueAccessToken(test.engine.store.db, buyer.userId);
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.stop('SIGKILL')));
  await test.dispose();
});

/** `serve` on a free port of 127.0.0.1 over the test database; its base URL once it listens. */
async function startServe(): Promise<{ server: CliProcess; url: string }> {
  const server = spawnCli(['serve', '--port', '0', '--host', '127.0.0.1', '--db', test.databaseUrl], {
    B2B_CHECKOUT_ADMIN_TOKEN: 'kill-resume-administrator-token-0123456789',
  });
  servers.push(server);
  const [, url] = await server.waitFor(/listening on (http:\/\/\S+)/, 90_000);
  return { server, url: url! };
}

/** The interview API of the process at `url`, as the buyer; any answer other than 200/201 throws. */
function interviewClient(url: string): InterviewClient {
  const base = `${url}/services/data/v60.0/flow-interviews`;
  const send = async (method: string, path: string, body?: unknown): Promise<Interview> => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${buyerToken}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (response.status !== 200 && response.status !== 201) {
      throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
    }
    return JSON.parse(text) as Interview;
  };
  return {
    start: (flowApiName, inputs) => send('POST', '', { flowApiName, inputs }),
    read: (id, waitSeconds) => send('GET', `/${id}?wait=${waitSeconds}`),
    navigate: (id, body) => send('POST', `/${id}/navigate`, body),
  };
}

const storedInterview = (id: string) =>
  flowTables(test.engine.store)
    .selectFrom('flow_interview')
    .select(['status', 'version', 'flow_api_name'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();

const deliveryMethodOfCart = async () =>
  (
    await test.engine.store.db
      .selectFrom('cart_delivery_group')
      .select('delivery_method_id')
      .where('cart_id', '=', cartId)
      .executeTakeFirstOrThrow()
  ).delivery_method_id;

describe('a checkout interview outlives the process that served it', () => {
  it('is paused on a screen when its process is killed, and another process resumes it to the order', async () => {
    const first = await startServe();
    const firstClient = interviewClient(first.url);
    const started = await firstClient.start(builtInCheckoutFlowApiName, { cartId });
    const { interview: paused } = await advanceCheckout(firstClient, started, 'Delivery_Method_Screen');
    expect(paused).toMatchObject({ status: 'Paused', error: null });
    expect(paused.screen!.name).toBe('Delivery_Method_Screen');
    expect(await storedInterview(paused.id)).toEqual({
      status: 'Paused',
      version: paused.version,
      flow_api_name: builtInCheckoutFlowApiName,
    });
    const session = await test.engine.store.db
      .selectFrom('cart_checkout_session')
      .select(['state', 'is_archived'])
      .where('web_cart_id', '=', cartId)
      .executeTakeFirstOrThrow();

    await first.server.stop('SIGKILL');
    expect(first.server.child.signalCode).toBe('SIGKILL');
    // Nothing moved while no process served the interview.
    expect(await storedInterview(paused.id)).toMatchObject({ status: 'Paused', version: paused.version });

    const second = await startServe();
    const secondClient = interviewClient(second.url);
    const resumed = await secondClient.read(paused.id, 0);
    expect(resumed).toMatchObject({ id: paused.id, status: 'Paused', version: paused.version, error: null });
    expect(resumed.screen).toEqual(paused.screen);
    expect(
      await test.engine.store.db
        .selectFrom('cart_checkout_session')
        .select(['state', 'is_archived'])
        .where('web_cart_id', '=', cartId)
        .executeTakeFirstOrThrow(),
    ).toEqual(session);

    // The buyer picks the cheapest delivery method through the second process.
    const moved = await secondClient.navigate(paused.id, {
      action: 'NEXT',
      version: resumed.version,
      fields: answerFor(resumed.screen!),
    });
    expect(moved.version).toBeGreaterThan(paused.version);
    const { interview: paying } = await advanceCheckout(secondClient, moved, 'Payment_Screen');
    expect(paying.screen!.name).toBe('Payment_Screen');
    expect(await storedInterview(paused.id)).toMatchObject({ status: 'Paused', version: paying.version });
    expect(await deliveryMethodOfCart()).toBe(deliveryMethodIds[0]);

    const { interview: finished } = await advanceCheckout(secondClient, paying);
    expect(finished).toMatchObject({ id: paused.id, status: 'Finished', error: null });
    expect(await storedInterview(paused.id)).toMatchObject({ status: 'Finished', version: finished.version });
    const order = await test.engine.store.db
      .selectFrom('cart_checkout_session')
      .innerJoin('sales_order', 'sales_order.id', 'cart_checkout_session.order_id')
      .select(['sales_order.status', 'sales_order.po_number'])
      .where('cart_checkout_session.web_cart_id', '=', cartId)
      .executeTakeFirstOrThrow();
    expect(order).toEqual({ status: 'Activated', po_number: 'PO-4711' });
    expect((await cartOf(test.engine, cartId)).status).toBe('Closed');
  }, 300_000);
});
