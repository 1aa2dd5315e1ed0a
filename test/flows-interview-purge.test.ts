/* eslint-disable @typescript-eslint/no-unsafe-member-access -- response bodies are untyped JSON */
/**
 * The scheduled purge and flow interviews: Finished and Error interviews go past their age,
 * Paused ones only once abandoned (unchanged for the longer paused age); a live interview, or
 * an old one a buyer has just moved, always stays.
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { flowTables } from '../src/flows/flow-tables.js';
import { purgeExpiredRows } from '../src/operations/purge-expired-rows.js';
import { createCart } from '../src/seed/create-cart.js';
import { startHttpTestServer, type HttpTestServer } from './support/http-test-server.js';
import { testBackend } from './support/test-database.js';

const day = 24 * 60 * 60 * 1000;
const daysAgo = (days: number) => new Date(Date.now() - days * day).toISOString();

describe(`purging flow interviews (${testBackend})`, () => {
  let server: HttpTestServer;
  let cartId: string;
  const base = '/services/data/v60.0';

  beforeEach(async () => {
    server = await startHttpTestServer(undefined, { engineOptions: { purge: { intervalMs: 0 } } });
    const xml = readFileSync(new URL('./fixtures/flows/Two_Screens.flow-meta.xml', import.meta.url), 'utf8');
    await server.engine.deployFlows([{ apiName: 'Two_Screens', xml }], null);
    ({ cartId } = await createCart(server.engine.store.db, server.store.storeId, server.store.buyers[0]!, [
      { product: server.store.products[0]!, quantity: 1 },
    ]));
  });
  afterEach(() => server.dispose());

  const buyer = () => server.buyerTokens[0]!;
  const start = async () => {
    const started = await server.request('POST', `${base}/flow-interviews`, {
      token: buyer(),
      body: { flowApiName: 'Two_Screens', inputs: { cartId } },
    });
    expect(started.status).toBe(201);
    return started.body.id as string;
  };
  const navigate = (id: string, body: unknown) =>
    server.request('POST', `${base}/flow-interviews/${id}/navigate`, { token: buyer(), body });
  const read = (id: string) => server.request('GET', `${base}/flow-interviews/${id}`, { token: buyer() });
  const interviews = () => flowTables(server.engine.store);
  const age = (id: string, values: { last_modified_date: string; status?: string }) =>
    interviews().updateTable('flow_interview').set(values).where('id', '=', id).execute();
  const remainingIds = async () =>
    (await interviews().selectFrom('flow_interview').select('id').execute()).map((row) => row.id).sort();

  /** A real interview walked to its end: Finished. */
  async function finishedInterview() {
    const id = await start();
    const moved = await navigate(id, { action: 'NEXT', version: 1, fields: { PoInput: 'PO-1' } });
    const done = await navigate(id, { action: 'FINISH', version: moved.body.version as number });
    expect(done.body.status).toBe('Finished');
    return id;
  }

  it('deletes Finished and Error interviews past their age and abandoned Paused ones, keeps the rest', async () => {
    const oldFinished = await finishedInterview();
    const recentFinished = await finishedInterview();
    const oldError = await start();
    const abandoned = await start();
    const idlePaused = await start();
    const live = await start();
    await age(oldFinished, { last_modified_date: daysAgo(8) });
    await age(oldError, { status: 'Error', last_modified_date: daysAgo(8) });
    await age(abandoned, { last_modified_date: daysAgo(31) });
    // Older than the finished age, younger than the paused age: a buyer may still come back.
    await age(idlePaused, { last_modified_date: daysAgo(8) });

    const counts = await purgeExpiredRows(server.engine.store, { batchSize: 1 });
    expect(counts).toMatchObject({ finishedInterviews: 2, abandonedInterviews: 1 });
    expect(await remainingIds()).toEqual([recentFinished, idlePaused, live].sort());
    const gone = await read(abandoned);
    expect(gone.status).toBe(404);
    expect(gone.body[0].errorCode).toBe('NOT_FOUND');
    // The kept interviews carry on as if nothing happened.
    expect((await read(idlePaused)).body).toMatchObject({ status: 'Paused', version: 1 });
    const moved = await navigate(live, { action: 'NEXT', version: 1, fields: { PoInput: 'PO-2' } });
    expect(moved.status).toBe(200);
    expect(moved.body.version).toBe(2);
  });

  it('keeps an old Paused interview that a buyer has just moved, and follows the configured ages', async () => {
    const id = await start();
    await age(id, { last_modified_date: daysAgo(60) });
    const moved = await navigate(id, { action: 'NEXT', version: 1, fields: { PoInput: 'PO-3' } });
    expect(moved.status).toBe(200);
    expect(await purgeExpiredRows(server.engine.store)).toMatchObject({ abandonedInterviews: 0 });
    expect(await remainingIds()).toEqual([id]);
    // Two hours without a change: abandoned under an operator's age of one hour, not of three.
    const hour = 60 * 60 * 1000;
    await age(id, { last_modified_date: new Date(Date.now() - 2 * hour).toISOString() });
    expect(await purgeExpiredRows(server.engine.store, { pausedInterviewAgeMs: 3 * hour })).toMatchObject({
      abandonedInterviews: 0,
    });
    expect(await purgeExpiredRows(server.engine.store, { pausedInterviewAgeMs: hour })).toMatchObject({
      abandonedInterviews: 1,
    });
    expect(await remainingIds()).toEqual([]);
  });
});
