/**
 * A `serve` process killed (SIGKILL) in the middle of a buyer's checkout interview; another
 * `serve` process on the same database takes the interview on to the order:
 * - killed while the interview is paused on a screen: the second process reads the stored
 *   interview and the buyer goes on through it;
 * - killed while the interview waits on a wait screen whose step (taxes, from an HTTP Tax
 *   provider in the test process that holds its first request) runs in that process: the
 *   step's operation stays Running under the dead process's lease; once the lease expires the
 *   second process's reaper hands it back, its worker retries it, and the wait screen advances
 *   by itself.
 * The `serve` processes are real processes; the test process only seeds and reads the database
 * (and answers the Tax provider's requests).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { taxesFor } from '../examples/tax-provider-server.js';
import { issueAccessToken } from '../src/access/access-tokens.js';
import { flowTables } from '../src/flows/flow-tables.js';
import { builtInCheckoutFlowApiName } from '../src/flows/provided-flow-files.js';
import type { TaxRequest } from '../src/providers/tax/tax-provider.js';
import { createCart } from '../src/seed/create-cart.js';
import { cartOf, seedStandardSetup } from './support/checkout-setup.js';
import { advanceCheckout, answerFor, type Interview, type InterviewClient } from './support/drive-checkout-flow.js';
import { spawnCli, type CliProcess } from './support/spawn-cli.js';
import { openTestEngine, type TestEngine } from './support/test-engine.js';
import { seedDefaultShippingAddress } from './support/seed-default-shipping-address.js';
import { registerStoreProvider } from './support/register-store-provider.js';

let test: TestEngine;
let cartId: string;
let buyerToken: string;
let deliveryMethodIds: readonly string[];
const servers: CliProcess[] = [];
const taxServers: HeldTaxServer[] = [];

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
  await Promise.all(taxServers.splice(0).map((server) => server.close()));
  await test.dispose();
});

/** `serve` on a free port of 127.0.0.1 over the test database; its base URL once it listens. */
async function startServe(env: Record<string, string> = {}): Promise<{ server: CliProcess; url: string }> {
  const server = spawnCli(['serve', '--port', '0', '--host', '127.0.0.1', '--db', test.databaseUrl], {
    B2B_CHECKOUT_ADMIN_TOKEN: 'kill-resume-administrator-token-0123456789',
    ...env,
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

/** The Tax rate of the held provider's answers (percent). */
const heldProviderRatePercent = 10;

interface HeldTaxServer {
  readonly url: string;
  /** `host:port`, for B2B_CHECKOUT_PROVIDER_HOSTS. */
  readonly host: string;
  /** The requests received, in order. */
  readonly requests: TaxRequest[];
  /** Resolves when the first request has arrived (it is held open, never answered). */
  readonly firstRequest: Promise<void>;
  close(): Promise<void>;
}

/**
 * An HTTP Tax provider on 127.0.0.1 that holds its first request open without answering it and
 * taxes every line of later requests at `heldProviderRatePercent` (contract: docs/providers.md).
 */
async function startHeldTaxServer(): Promise<HeldTaxServer> {
  let reached: () => void = () => undefined;
  const firstRequest = new Promise<void>((resolve) => {
    reached = resolve;
  });
  const requests: HeldTaxServer['requests'] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const envelope = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { request: TaxRequest };
      requests.push(envelope.request);
      if (requests.length === 1) {
        reached();
        return;
      }
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify(taxesFor(envelope.request, heldProviderRatePercent)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const held: HeldTaxServer = {
    url: `http://127.0.0.1:${port}/`,
    host: `127.0.0.1:${port}`,
    requests,
    firstRequest,
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
  taxServers.push(held);
  return held;
}

/** Registers an HTTP Tax service at `url` as the store's Tax integration. */
async function registerHttpTax(url: string, settings: { timeoutMs: number; retryLimit: number }) {
  await registerStoreProvider(test.engine.store.db, test.store.storeId, {
    type: 'Tax',
    kind: 'Http',
    target: url,
    developerName: 'Held_Tax_Provider',
    secret: 'kill-resume-tax-secret',
    ...settings,
  });
}

const taxOperationOfCart = () =>
  test.engine.store.db
    .selectFrom('background_operation')
    .select(['id', 'status', 'retry_count', 'worker_uri', 'lease_owner'])
    .where('web_cart_id', '=', cartId)
    .where('type', '=', 'CalculateTaxes')
    .execute();

const sessionOfCart = () =>
  test.engine.store.db
    .selectFrom('cart_checkout_session')
    .select(['id', 'state', 'next_state', 'is_processing', 'is_error', 'background_operation_id'])
    .where('web_cart_id', '=', cartId)
    .where('is_archived', '=', 0)
    .executeTakeFirstOrThrow();

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

  it('is waiting on a step running in its process when that process is killed, and another process retries the step and resumes it to the order', async () => {
    const taxServer = await startHeldTaxServer();
    // The step's lease is its Timeout plus serve's 5 s lease margin. RetryLimit 1: the reaper
    // hands an expired lease back to New only while a retry is left (else the step fails).
    const timeoutMs = 3_000;
    await registerHttpTax(taxServer.url, { timeoutMs, retryLimit: 1 });
    const providerHosts = { B2B_CHECKOUT_PROVIDER_HOSTS: taxServer.host };

    const first = await startServe(providerHosts);
    const firstClient = interviewClient(first.url);
    const started = await firstClient.start(builtInCheckoutFlowApiName, { cartId });
    const { interview: choosing } = await advanceCheckout(firstClient, started, 'Delivery_Method_Screen');
    expect(choosing.screen!.name).toBe('Delivery_Method_Screen');
    // The buyer picks a delivery method: the taxes step starts in the first process's worker,
    // whose call to the Tax provider is held open; the interview shows the wait screen.
    const [waiting] = await Promise.all([
      firstClient.navigate(choosing.id, {
        action: 'NEXT',
        version: choosing.version,
        fields: answerFor(choosing.screen!),
      }),
      taxServer.firstRequest,
    ]);
    expect(waiting).toMatchObject({ id: choosing.id, status: 'Paused', error: null });
    expect(waiting.screen!.name).toBe('Wait_For_Step');

    // Killed while the call is held, long before its 3 s time limit: the first process never
    // records an outcome of the step.
    await first.server.stop('SIGKILL');
    expect(first.server.child.signalCode).toBe('SIGKILL');
    // The step's operation is left Running, leased to a worker of the dead process.
    const [stranded, ...others] = await taxOperationOfCart();
    expect(others).toEqual([]);
    expect(stranded).toMatchObject({ status: 'Running', retry_count: 0 });
    expect(stranded!.worker_uri!.startsWith(`${hostname()}:${first.server.child.pid}:`)).toBe(true);
    expect(stranded!.lease_owner).toBe(stranded!.worker_uri);
    expect(await sessionOfCart()).toMatchObject({
      next_state: 'Taxes',
      is_processing: 1,
      is_error: 0,
      background_operation_id: stranded!.id,
    });
    expect(await storedInterview(waiting.id)).toMatchObject({ status: 'Paused', version: waiting.version });
    expect(taxServer.requests).toHaveLength(1);

    // The second process reaps the expired lease, retries the step, and the wait screen advances
    // by itself: the buyer only long-polls.
    const second = await startServe(providerHosts);
    const secondClient = interviewClient(second.url);
    let current = await secondClient.read(waiting.id, 0);
    const deadline = Date.now() + 90_000;
    while (current.status === 'Paused' && current.screen!.name === 'Wait_For_Step' && Date.now() < deadline) {
      current = await secondClient.read(waiting.id, 25);
    }
    expect(current).toMatchObject({ id: waiting.id, status: 'Paused', error: null });
    expect(current.screen!.name).toBe('Payment_Screen');

    const [retried, ...more] = await taxOperationOfCart();
    expect(more).toEqual([]);
    expect(retried).toMatchObject({ id: stranded!.id, status: 'Complete', retry_count: 1 });
    expect(retried!.worker_uri!.startsWith(`${hostname()}:${second.server.child.pid}:`)).toBe(true);
    expect(await sessionOfCart()).toMatchObject({ state: 'Taxes', is_processing: 0, is_error: 0 });
    // The held call, then the retry's; the cart carries the retry's taxes, once.
    expect(taxServer.requests).toHaveLength(2);
    const answered = taxesFor(taxServer.requests[1]!, heldProviderRatePercent).taxes;
    const byItem = (a: { cart_item_id: string }, b: { cart_item_id: string }) =>
      a.cart_item_id < b.cart_item_id ? -1 : a.cart_item_id > b.cart_item_id ? 1 : 0;
    const taxes = await test.engine.store.db
      .selectFrom('cart_tax')
      .select(['cart_item_id', 'amount'])
      .where('cart_id', '=', cartId)
      .execute();
    expect(taxes.sort(byItem)).toEqual(
      answered.map((tax) => ({ cart_item_id: tax.cartItemId, amount: tax.amountMinor })).sort(byItem),
    );
    expect((await cartOf(test.engine, cartId)).total_tax_amount).toBe(
      answered.reduce((sum, tax) => sum + tax.amountMinor, 0),
    );

    const { interview: finished } = await advanceCheckout(secondClient, current);
    expect(finished).toMatchObject({ id: waiting.id, status: 'Finished', error: null });
    expect(await storedInterview(waiting.id)).toMatchObject({ status: 'Finished', version: finished.version });
    const orders = await test.engine.store.db
      .selectFrom('sales_order')
      .innerJoin('cart_checkout_session', 'cart_checkout_session.id', 'sales_order.checkout_session_id')
      .select(['sales_order.id', 'sales_order.status', 'sales_order.po_number', 'cart_checkout_session.order_id'])
      .where('cart_checkout_session.web_cart_id', '=', cartId)
      .execute();
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({ status: 'Activated', po_number: 'PO-4711', order_id: orders[0]!.id });
    expect((await cartOf(test.engine, cartId)).status).toBe('Closed');
    expect(taxServer.requests).toHaveLength(2);
  }, 300_000);
});
