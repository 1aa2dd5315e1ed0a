/**
 * The interview long-poll wakes on committed record changes (docs/flows.md): a move of the
 * interview by another tab, or the end of the processing its wait screen waits on, answers a
 * `GET /flow-interviews/{id}?wait=25` at once — across processes on PostgreSQL. Its recheck is
 * set to a minute here, beyond the long-poll's 25 s, so only a change notice can answer before
 * the deadline.
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCaller } from '../src/access/caller.js';
import { createEngine, type Engine } from '../src/engine.js';
import { createCart } from '../src/seed/create-cart.js';
import { startHttpTestServer, type HttpTestServer } from './support/http-test-server.js';
import { testBackend } from './support/test-database.js';

const fixture = (name: string) => ({
  apiName: name,
  xml: readFileSync(new URL(`./fixtures/flows/${name}.flow-meta.xml`, import.meta.url), 'utf8'),
});
/** The long-poll answers far sooner than its 25 s deadline (and the one-minute recheck). */
const wellBeforeDeadlineMs = 15_000;

describe(`the interview long-poll wakes on record changes (${testBackend})`, () => {
  let server: HttpTestServer;
  let cartId: string;
  const base = '/services/data/v60.0';

  beforeEach(async () => {
    server = await startHttpTestServer(undefined, {
      engineOptions: { interviewRecheckMs: 60_000, purge: { intervalMs: 0 } },
    });
    await server.engine.deployFlows([fixture('Two_Screens'), fixture('Wait_Output_Session')], null);
    ({ cartId } = await createCart(server.engine.store.db, server.store.storeId, server.store.buyers[0]!, [
      { product: server.store.products[0]!, quantity: 1 },
    ]));
  });
  afterEach(() => server.dispose());

  const buyer = () => server.buyerTokens[0]!;
  const start = async (flowApiName: string) => {
    const started = await server.request('POST', `${base}/flow-interviews`, {
      token: buyer(),
      body: { flowApiName, inputs: { cartId } },
    });
    expect(started.status).toBe(201);
    return started.body as { id: string; version: number; screen: { name: string } };
  };
  /** A long-poll, once it is provably waiting: subscribed to `subscriptions` records. */
  async function longPoll(id: string, subscriptions: number) {
    const startedMs = Date.now();
    const answer = server.request('GET', `${base}/flow-interviews/${id}?wait=25`, { token: buyer() });
    const deadline = Date.now() + 10_000;
    while (server.engine.recordChanges.waitingCount < subscriptions) {
      if (Date.now() > deadline) throw new Error('the long-poll never waited');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return { answer, startedMs };
  }
  /** A second engine on the same database: another process of the deployment. */
  async function withOtherEngine(work: (other: Engine) => Promise<void>) {
    const other = await createEngine({ databaseUrl: server.databaseUrl, workers: 0, purge: { intervalMs: 0 } });
    try {
      await work(other);
    } finally {
      await other.close();
    }
  }

  it('answers at once when another tab moves the interview', async () => {
    const { id } = await start('Two_Screens');
    const { answer, startedMs } = await longPoll(id, 1);
    const moved = await server.request('POST', `${base}/flow-interviews/${id}/navigate`, {
      token: buyer(),
      body: { action: 'NEXT', version: 1, fields: { PoInput: 'PO-TAB' } },
    });
    expect(moved.status).toBe(200);
    const polled = await answer;
    expect(polled.body).toMatchObject({ version: 2, screen: { name: 'Done' } });
    expect(Date.now() - startedMs).toBeLessThan(wellBeforeDeadlineMs);
  });

  describe.runIf(testBackend === 'postgres')('across processes', () => {
    it('answers at once when another process moves the interview', async () => {
      const { id } = await start('Two_Screens');
      const { answer, startedMs } = await longPoll(id, 1);
      await withOtherEngine(async (other) => {
        const caller = (await loadCaller(other.store.db, server.store.buyers[0]!.userId))!;
        await other.flowInterviews.navigate(caller, id, { action: 'NEXT', version: 1, fields: { PoInput: 'PO-P2' } });
      });
      const polled = await answer;
      expect(polled.body).toMatchObject({ version: 2, screen: { name: 'Done' } });
      expect(Date.now() - startedMs).toBeLessThan(wellBeforeDeadlineMs);
    });

    it('advances a wait screen as soon as another process ends the session’s processing', async () => {
      const started = await start('Wait_Output_Session');
      expect(started.screen.name).toBe('Wait_Here');
      const session = await server.engine.store.db
        .selectFrom('cart_checkout_session')
        .select('id')
        .where('web_cart_id', '=', cartId)
        .executeTakeFirstOrThrow();
      await server.engine.store.db
        .updateTable('cart_checkout_session')
        .set({ is_processing: 1 })
        .where('id', '=', session.id)
        .execute();
      // Subscribed to the interview and to the session its wait screen waits on.
      const { answer, startedMs } = await longPoll(started.id, 2);
      await withOtherEngine(async (other) => {
        await other.store.db
          .updateTable('cart_checkout_session')
          .set({ is_processing: 0 })
          .where('id', '=', session.id)
          .execute();
      });
      const polled = await answer;
      expect(polled.body).toMatchObject({ status: 'Finished', version: 2 });
      expect(Date.now() - startedMs).toBeLessThan(wellBeforeDeadlineMs);
    });
  });
});
