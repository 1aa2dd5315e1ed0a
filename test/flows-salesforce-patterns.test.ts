/** Patterns that Salesforce's published checkout flows rely on, each in a flow of our own. */
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCaller, type Caller } from '../src/access/caller.js';
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
});
