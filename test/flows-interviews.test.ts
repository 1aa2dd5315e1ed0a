/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-assignment -- response bodies are untyped JSON */
/** Flow interviews over HTTP: start, read, navigate, two tabs, wait screens, another engine resuming. */
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCaller } from '../src/access/caller.js';
import { createEngine } from '../src/engine.js';
import { flowTables } from '../src/flows/flow-tables.js';
import type { ScreenComponentAdapter } from '../src/flows/screen-component.js';
import { createCart } from '../src/seed/create-cart.js';
import { startHttpTestServer, type HttpTestServer } from './support/http-test-server.js';

const fixture = (name: string) => ({
  apiName: name,
  xml: readFileSync(new URL(`./fixtures/flows/${name}.flow-meta.xml`, import.meta.url), 'utf8'),
});

/** A wait component for the test: waits while the cart's PO number is HOLD. */
const holdUntilPoChanges: ScreenComponentAdapter = {
  extensionName: 'test:holdUntilPoChanges',
  inputParameters: ['cartId'],
  outputParameters: [],
  view: (_context, parameters) => Promise.resolve({ cartId: parameters.cartId }),
  accept: () => Promise.resolve({}),
  async isWaiting(context, parameters) {
    const cart = await context.store.db
      .selectFrom('web_cart')
      .select('po_number')
      .where('id', '=', String(parameters.cartId))
      .executeTakeFirstOrThrow();
    return cart.po_number === 'HOLD';
  },
};

describe('flow interviews over HTTP', () => {
  let server: HttpTestServer;
  let cartId: string;
  const base = '/services/data/v60.0';

  beforeEach(async () => {
    server = await startHttpTestServer(undefined, {
      engineOptions: { flowExtensions: { screenAdapters: [holdUntilPoChanges] } },
    });
    await server.engine.deployFlows([fixture('Two_Screens'), fixture('Wait_Then_Done'), fixture('Cart_Tools')], null);
    ({ cartId } = await createCart(server.engine.store.db, server.store.storeId, server.store.buyers[0]!, [
      { product: server.store.products[0]!, quantity: 3 },
      { product: server.store.products[1]!, quantity: 2 },
    ]));
  });
  afterEach(() => server.dispose());

  const buyer = () => server.buyerTokens[0]!;
  const poNumber = async () =>
    (
      await server.engine.store.db
        .selectFrom('web_cart')
        .select('po_number')
        .where('id', '=', cartId)
        .executeTakeFirstOrThrow()
    ).po_number;
  const storedInterview = (id: string) =>
    flowTables(server.engine.store)
      .selectFrom('flow_interview')
      .select(['version', 'status', 'state'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
  const start = (flowApiName: string) =>
    server.request('POST', `${base}/flow-interviews`, { token: buyer(), body: { flowApiName, inputs: { cartId } } });
  const navigate = (id: string, body: unknown, token = buyer()) =>
    server.request('POST', `${base}/flow-interviews/${id}/navigate`, { token, body });

  it('starts on a screen, refuses a missing required field, and moves on NEXT writing the record', async () => {
    const started = await start('Two_Screens');
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({ flowApiName: 'Two_Screens', flowVersion: 1, status: 'Paused', version: 1 });
    expect(started.body.screen.name).toBe('Ask_Po');
    expect(started.body.screen.fields).toEqual([
      expect.objectContaining({ name: 'Intro', type: 'DisplayText', html: `<p>Cart ${cartId}</p>` }),
      expect.objectContaining({ name: 'PoInput', type: 'InputField', label: 'PO number', required: true }),
    ]);
    const id = started.body.id as string;
    const missing = await navigate(id, { action: 'NEXT', version: 1, fields: {} });
    expect(missing.status).toBe(400);
    expect(missing.body[0].errorCode).toBe('REQUIRED_FIELD_MISSING');
    expect((await storedInterview(id)).version).toBe(1);
    const moved = await navigate(id, { action: 'NEXT', version: 1, fields: { PoInput: { value: 'PO-A' } } });
    expect(moved.status).toBe(200);
    expect(moved.body.version).toBe(2);
    expect(moved.body.screen.fields[0].html).toBe('<p>Saved PO-A</p>');
    expect(await poNumber()).toBe('PO-A');
    const back = await navigate(id, { action: 'BACK', version: 2 });
    expect(back.body.screen.name).toBe('Ask_Po');
    const finished = await navigate(id, { action: 'NEXT', version: 3, fields: { PoInput: 'PO-C' } });
    const done = await navigate(id, { action: 'FINISH', version: finished.body.version as number });
    expect(done.body.status).toBe('Finished');
    expect(await poNumber()).toBe('PO-C');
  });

  it('answers a second tab with a stale version 409 and changes nothing', async () => {
    const id = (await start('Two_Screens')).body.id as string;
    const first = await navigate(id, { action: 'NEXT', version: 1, fields: { PoInput: 'PO-A' } });
    expect(first.status).toBe(200);
    const before = await storedInterview(id);
    const stale = await navigate(id, { action: 'NEXT', version: 1, fields: { PoInput: 'PO-B' } });
    expect(stale.status).toBe(409);
    expect(stale.body[0].errorCode).toBe('INTERVIEW_VERSION_MISMATCH');
    expect(await storedInterview(id)).toEqual(before);
    expect(await poNumber()).toBe('PO-A');
  });

  it('hides an interview from another user and refuses to move it', async () => {
    const id = (await start('Two_Screens')).body.id as string;
    const other = server.buyerTokens[1]!;
    expect((await server.request('GET', `${base}/flow-interviews/${id}`, { token: other })).status).toBe(404);
    const before = await storedInterview(id);
    expect((await navigate(id, { action: 'NEXT', version: 1, fields: { PoInput: 'X' } }, other)).status).toBe(404);
    expect(await storedInterview(id)).toEqual(before);
    expect(await poNumber()).toBe('PO-1001');
  });

  it('advances a wait screen by itself once the wait is over (long-poll)', async () => {
    await server.engine.store.db.updateTable('web_cart').set({ po_number: 'HOLD' }).where('id', '=', cartId).execute();
    const started = await start('Wait_Then_Done');
    const id = started.body.id as string;
    expect(started.body.screen.name).toBe('Wait_Screen');
    expect(started.body.screen.fields[0]).toMatchObject({ type: 'Component', inputs: { cartId } });
    const still = await server.request('GET', `${base}/flow-interviews/${id}`, { token: buyer() });
    expect(still.body.screen.name).toBe('Wait_Screen');
    expect(still.body.version).toBe(1);
    const polling = server.request('GET', `${base}/flow-interviews/${id}?wait=20`, { token: buyer() });
    await server.engine.store.db.updateTable('web_cart').set({ po_number: 'GO' }).where('id', '=', cartId).execute();
    const moved = await polling;
    expect(moved.body.screen.name).toBe('Done');
    expect(moved.body.version).toBe(2);
    expect((await storedInterview(id)).version).toBe(2);
  });

  it('resumes in another engine an interview paused in this one', async () => {
    const id = (await start('Two_Screens')).body.id as string;
    const other = await createEngine({
      databaseUrl: server.databaseUrl,
      workers: 0,
      purge: { intervalMs: 0 },
      flowExtensions: { screenAdapters: [holdUntilPoChanges] },
    });
    try {
      const caller = (await loadCaller(other.store.db, server.store.buyers[0]!.userId))!;
      const moved = await other.flowInterviews.navigate(caller, id, {
        action: 'NEXT',
        version: 1,
        fields: { PoInput: 'PO-OTHER' },
      });
      expect(moved.screen?.name).toBe('Done');
    } finally {
      await other.close();
    }
    expect(await poNumber()).toBe('PO-OTHER');
    const read = await server.request('GET', `${base}/flow-interviews/${id}`, { token: buyer() });
    expect(read.body).toMatchObject({ version: 2, status: 'Paused' });
  });

  it("runs an autolaunched flow at /actions/custom/flow in Salesforce's shape, and refuses a screen flow there", async () => {
    const run = await server.request('POST', `${base}/actions/custom/flow/Cart_Tools`, {
      token: buyer(),
      body: { inputs: [{ cartId }] },
    });
    expect(run.status).toBe(200);
    expect(run.body).toEqual([
      expect.objectContaining({
        actionName: 'Cart_Tools',
        isSuccess: true,
        errors: [],
        outputValues: expect.objectContaining({ Flow__InterviewStatus: 'Finished', total: 5, size: 'big' }),
      }),
    ]);
    expect(await poNumber()).toBe('PO-5-L');
    const list = await server.request('GET', `${base}/actions/custom/flow`, { token: buyer() });
    const names: string[] = list.body.actions.map((action: { name: string }) => action.name);
    // Beside the engine's own autolaunched subflows (sfdc_checkout__*); a screen flow is not an action.
    expect(names.filter((name) => !name.startsWith('sfdc_checkout__'))).toEqual(['Cart_Tools']);
    const screens = await server.request('POST', `${base}/actions/custom/flow/Two_Screens`, {
      token: buyer(),
      body: { inputs: [{ cartId }] },
    });
    expect(screens.status).toBe(400);
  });
});
