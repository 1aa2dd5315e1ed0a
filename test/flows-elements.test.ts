/** The flow interpreter's elements, operators and faults, each asserted on what it did to the records. */
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCaller, type Caller } from '../src/access/caller.js';
import { createCart } from '../src/seed/create-cart.js';
import { openTestEngine, type TestEngine } from './support/test-engine.js';

const fixture = (name: string) => ({
  apiName: name,
  xml: readFileSync(new URL(`./fixtures/flows/${name}.flow-meta.xml`, import.meta.url), 'utf8'),
});

describe('flow elements', () => {
  let test: TestEngine;
  let buyer: Caller;
  let cartId: string;

  beforeEach(async () => {
    test = await openTestEngine();
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
});
