/** The flow interpreter's elements, operators and faults, each asserted on what it did to the records. */
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCaller, type Caller } from '../src/access/caller.js';
import { systemUserId } from '../src/access/permission-sets.js';
import { CheckoutError } from '../src/domain/errors.js';
import type { Invocable } from '../src/flows/invocable.js';
import type { ScreenComponentAdapter } from '../src/flows/screen-component.js';
import { createCart } from '../src/seed/create-cart.js';
import { openCheckout } from './support/checkout-setup.js';
import { openTestEngine, type TestEngine } from './support/test-engine.js';

const fixture = (name: string) => ({
  apiName: name,
  xml: readFileSync(new URL(`./fixtures/flows/${name}.flow-meta.xml`, import.meta.url), 'utf8'),
});

/** An Apex stand-in for the tests: twice the amount; refuses more than 100. */
const testPoints: Invocable = {
  name: 'TestPoints',
  inputs: ['amount'],
  outputs: ['points'],
  run(_context, input) {
    const amount = Number(input.amount);
    if (amount > 100) throw new CheckoutError('INVALID_INPUT', 400, 'Too many points');
    return Promise.resolve({ points: amount * 2 });
  },
};

/** A component for the tests: offers two states and accepts only those. */
const pickState: ScreenComponentAdapter = {
  extensionName: 'test:pickState',
  inputParameters: ['current'],
  outputParameters: ['state'],
  view: (_context, parameters) =>
    Promise.resolve({ current: parameters.current, options: ['Shipping Address', 'Delivery Method'] }),
  accept(_context, _parameters, submitted) {
    if (submitted.state !== 'Shipping Address' && submitted.state !== 'Delivery Method') {
      return Promise.reject(new CheckoutError('INVALID_INPUT', 400, 'Pick one of the offered states', ['Chooser']));
    }
    return Promise.resolve({ state: submitted.state });
  },
};

describe('flow elements', () => {
  let test: TestEngine;
  let buyer: Caller;
  let cartId: string;

  beforeEach(async () => {
    test = await openTestEngine(undefined, {
      flowExtensions: { invocables: [testPoints], screenAdapters: [pickState] },
    });
    const seededBuyer = test.store.buyers[0]!;
    buyer = (await loadCaller(test.engine.store.db, seededBuyer.userId))!;
    const [widget, gadget] = test.store.products;
    ({ cartId } = await createCart(test.engine.store.db, test.store.storeId, seededBuyer, [
      { product: widget!, quantity: 3 },
      { product: gadget!, quantity: 2 },
    ]));
  });
  afterEach(() => test.dispose());

  it('reads records, loops, decides with custom logic, computes a formula and writes back only what changed', async () => {
    await test.engine.deployFlows([fixture('Cart_Tools')], null);
    const before = await test.engine.store.db
      .selectFrom('web_cart')
      .selectAll()
      .where('id', '=', cartId)
      .executeTakeFirstOrThrow();
    const result = await test.engine.flowInterviews.runAutolaunched(buyer, 'Cart_Tools', { cartId });
    expect(result.error).toBeNull();
    expect(result.status).toBe('Finished');
    expect(result.outputs.total).toBe(5);
    expect(result.outputs.size).toBe('big');
    expect(result.outputs.itemIds).toHaveLength(2);
    const after = await test.engine.store.db
      .selectFrom('web_cart')
      .selectAll()
      .where('id', '=', cartId)
      .executeTakeFirstOrThrow();
    expect(after.po_number).toBe('PO-5-L');
    expect(after.name).toBe(before.name);
    expect(after.status).toBe(before.status);
    // The read-only Status was refused by the sObject rules, and the fault connector got the message.
    expect(String(result.outputs.fault)).toMatch(/Status/);
  });

  it('creates from field values and from a record variable, assigns nulls when nothing is found, deletes, and calls an Apex action', async () => {
    await test.engine.deployFlows([fixture('Tax_Rates')], null);
    const system = (await loadCaller(test.engine.store.db, systemUserId))!;
    const result = await test.engine.flowInterviews.runAutolaunched(system, 'Tax_Rates', { missingName: 'seed' });
    expect(result.error).toBeNull();
    expect(result.outputs.missingName).toBeNull();
    expect(result.outputs.points).toBe(12.5);
    expect(result.outputs.fault).toBeNull();
    const rates = await test.engine.store.db.selectFrom('tax_rate').select(['id', 'name', 'state', 'rate']).execute();
    expect(rates.find((rate) => rate.state === 'OR')).toBeUndefined();
    const texas = rates.find((rate) => rate.state === 'TX');
    expect(texas).toMatchObject({ id: result.outputs.texasId, name: 'Texas' });
    expect(Number(texas!.rate)).toBe(6.25);
  });

  it('ends in Error past the element budget of one request', async () => {
    await test.engine.deployFlows([fixture('Runaway')], null);
    const result = await test.engine.flowInterviews.runAutolaunched(buyer, 'Runaway', {});
    expect(result.status).toBe('Error');
    expect(result.error).toMatch(/flow element limit/);
  });

  it("moves the session through the state machine from a component's output, and refuses what the adapter refuses", async () => {
    await test.engine.deployFlows([fixture('Session_Step')], null);
    const checkout = await openCheckout(test);
    const stateOf = async () =>
      (
        await test.engine.store.db
          .selectFrom('cart_checkout_session')
          .select(['state', 'is_processing'])
          .where('id', '=', checkout.sessionId)
          .executeTakeFirstOrThrow()
      ).state;
    const before = await stateOf();
    const started = await test.engine.flowInterviews.start(buyer, 'Session_Step', { cartId: checkout.cartId });
    expect(started.screen?.fields[0]).toMatchObject({
      type: 'Component',
      component: 'test:pickState',
      inputs: { current: before },
    });
    const refused = await test.engine.flowInterviews
      .navigate(buyer, started.id, { action: 'NEXT', version: 1, fields: { Chooser: { state: 'Paid' } } })
      .catch((error: CheckoutError) => error);
    expect(refused).toMatchObject({ errorCode: 'INVALID_INPUT', fields: ['Chooser'] });
    expect(await stateOf()).toBe(before);
    const finished = await test.engine.flowInterviews.navigate(buyer, started.id, {
      action: 'NEXT',
      version: 1,
      fields: { Chooser: { state: 'Shipping Address' } },
    });
    expect(finished.status).toBe('Finished');
    expect(finished.outputs.fault).toBeNull();
    expect(await stateOf()).toBe('Shipping Address');

    // While a step runs, the state machine refuses the change: the fault path gets the message.
    await test.engine.store.db
      .updateTable('cart_checkout_session')
      .set({ is_processing: 1 })
      .where('id', '=', checkout.sessionId)
      .execute();
    const again = await test.engine.flowInterviews.start(buyer, 'Session_Step', { cartId: checkout.cartId });
    const faulted = await test.engine.flowInterviews.navigate(buyer, again.id, {
      action: 'NEXT',
      version: 1,
      fields: { Chooser: { state: 'Delivery Method' } },
    });
    expect(String(faulted.outputs.fault)).toMatch(/processing/);
    expect(await stateOf()).toBe('Shipping Address');
  });
});
