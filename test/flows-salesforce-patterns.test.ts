/** Patterns that Salesforce's published checkout flows rely on, each in a flow of our own. */
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCaller, type Caller } from '../src/access/caller.js';
import { systemUserId } from '../src/access/permission-sets.js';
import { deployProvidedFlows } from '../src/flows/flow-definitions.js';
import { flowTables } from '../src/flows/flow-tables.js';
import { createCart } from '../src/seed/create-cart.js';
import { openTestEngine, type TestEngine } from './support/test-engine.js';

const fixture = (name: string) => ({
  apiName: name,
  xml: readFileSync(new URL(`./fixtures/flows/${name}.flow-meta.xml`, import.meta.url), 'utf8'),
});

describe('flow patterns of published checkout flows', () => {
  let test: TestEngine;
  let buyer: Caller;
  let cartId: string;

  beforeEach(async () => {
    test = await openTestEngine();
    const seededBuyer = test.store.buyers[0]!;
    buyer = (await loadCaller(test.engine.store.db, seededBuyer.userId))!;
    ({ cartId } = await createCart(test.engine.store.db, test.store.storeId, seededBuyer, [
      { product: test.store.products[0]!, quantity: 1 },
    ]));
  });
  afterEach(() => test.dispose());

  const cartRow = () =>
    test.engine.store.db.selectFrom('web_cart').selectAll().where('id', '=', cartId).executeTakeFirstOrThrow();

  it('stores the first record found in a single record variable named by outputReference', async () => {
    await test.engine.deployFlows([fixture('Single_Record_Lookup')], null);
    const before = await cartRow();
    const result = await test.engine.flowInterviews.runAutolaunched(buyer, 'Single_Record_Lookup', { cartId });
    expect(result.error).toBeNull();
    expect(result.outputs.cartName).toBe(before.name);
    expect(Array.isArray(result.outputs.theCart)).toBe(false);
    expect(result.outputs.theCart).toMatchObject({ Id: cartId, PoNumber: 'PO-SINGLE' });
    const after = await cartRow();
    expect(after.po_number).toBe('PO-SINGLE');
    expect(after.name).toBe(before.name);
  });

  it("stores a wait screen's session id output into a record variable and saves the record", async () => {
    // The flow also calls sfdc_checkout__ActivateOrder with the session as a record: deployable.
    await test.engine.deployFlows([fixture('Wait_Output_Session')], null);
    const started = await test.engine.flowInterviews.start(buyer, 'Wait_Output_Session', { cartId });
    expect(started.screen?.name).toBe('Wait_Here');
    const session = await test.engine.store.db
      .selectFrom('cart_checkout_session')
      .select(['id', 'state'])
      .where('web_cart_id', '=', cartId)
      .executeTakeFirstOrThrow();
    expect(session.state).toBe('Start');
    const finished = await test.engine.flowInterviews.read(buyer, started.id, 5);
    expect(finished.error).toBeNull();
    expect(finished.status).toBe('Finished');
    expect(finished.outputs.theSession).toMatchObject({ Id: session.id, State: 'Delivery Method' });
    const after = await test.engine.store.db
      .selectFrom('cart_checkout_session')
      .select('state')
      .where('id', '=', session.id)
      .executeTakeFirstOrThrow();
    expect(after.state).toBe('Delivery Method');
  });

  it('upgrades a provided flow whose XML changed, and leaves one an administrator replaced', async () => {
    const db = flowTables(test.engine.store);
    const active = (apiName: string) =>
      db
        .selectFrom('flow_definition')
        .select(['version', 'xml', 'created_by_id'])
        .where('api_name', '=', apiName)
        .where('is_active', '=', 1)
        .executeTakeFirstOrThrow();
    const provided = (apiName: string) => test.engine.flowExtensions.flows.find((flow) => flow.apiName === apiName)!;
    // An earlier release's managed subflow is stored; an administrator replaced another one.
    const before = await active('sfdc_checkout__CartToOrder');
    await db
      .updateTable('flow_definition')
      .set({ xml: provided('sfdc_checkout__CartToOrder').xml.replace('<label>', '<label>Old ') })
      .where('api_name', '=', 'sfdc_checkout__CartToOrder')
      .execute();
    const replacedXml = provided('sfdc_checkout__ActivateOrder').xml.replace('<label>', '<label>Ours ');
    await test.engine.deployFlows([{ apiName: 'sfdc_checkout__ActivateOrder', xml: replacedXml }], systemUserId);

    await deployProvidedFlows(test.engine.store, test.engine.flowExtensions);
    await deployProvidedFlows(test.engine.store, test.engine.flowExtensions);

    const upgraded = await active('sfdc_checkout__CartToOrder');
    expect(Number(upgraded.version)).toBe(Number(before.version) + 1);
    expect(upgraded.xml).toBe(provided('sfdc_checkout__CartToOrder').xml);
    const replaced = await active('sfdc_checkout__ActivateOrder');
    expect(replaced.xml).toBe(replacedXml);
    expect(replaced.created_by_id).toBe(systemUserId);
  });
});
