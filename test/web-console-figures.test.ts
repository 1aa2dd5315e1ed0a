/**
 * The console's charts and `/metrics` report the same checkout figures for the same database:
 * orders created per minute over the last 30 minutes, and each step type's p50 and p99
 * duration over the last hour (both read through store/checkout-figures.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { administratorUsername } from '../src/access/ensure-administrator.js';
import { setPassword } from '../src/access/passwords.js';
import { createCart } from '../src/seed/create-cart.js';
import { readCheckoutFigures } from '../src/store/checkout-figures.js';
import { formatDuration } from '../src/web/format.js';
import { startHttpTestServer, type HttpTestServer } from './support/http-test-server.js';
import { runFullCheckout } from './support/run-full-checkout.js';
import { WebClient } from './support/web-client.js';

const password = 'correct horse battery';

/** `name{labels} value` lines of one metric family, as [labels, value]. */
function samplesOf(text: string, name: string): [Record<string, string>, number][] {
  const pattern = new RegExp(`^${name}\\{([^}]*)\\} (\\S+)$`, 'gm');
  return [...text.matchAll(pattern)].map((match) => [
    Object.fromEntries([...match[1]!.matchAll(/(\w+)="([^"]*)"/g)].map((label) => [label[1]!, label[2]!])),
    Number(match[2]),
  ]);
}

describe('console charts and /metrics', () => {
  let server: HttpTestServer;

  beforeAll(async () => {
    server = await startHttpTestServer();
    const admin = await server.engine.store.db
      .selectFrom('app_user')
      .select('id')
      .where('username', '=', administratorUsername)
      .executeTakeFirstOrThrow();
    await setPassword(server.engine.store, admin.id, password);
    const [widget, gadget] = server.store.products;
    for (const buyer of server.store.buyers) {
      const { cartId } = await createCart(server.engine.store.db, server.store.storeId, buyer, [
        { product: widget!, quantity: 1 },
        { product: gadget!, quantity: 1 },
      ]);
      const outcome = await runFullCheckout(server.engine, cartId, buyer.userId);
      expect(outcome.orderId, JSON.stringify(outcome)).not.toBeNull();
    }
    // One order a few minutes back, one 40 minutes back (outside the chart's 30 minutes).
    const orders = await server.engine.store.db.selectFrom('sales_order').select('id').orderBy('id').execute();
    expect(orders.length).toBeGreaterThanOrEqual(2);
    const moveBack = (id: string, minutes: number) =>
      server.engine.store.db
        .updateTable('sales_order')
        .set({ created_date: new Date(Date.now() - minutes * 60_000).toISOString() })
        .where('id', '=', id)
        .execute();
    await moveBack(orders[0]!.id, 3);
    await moveBack(orders[1]!.id, 40);
  }, 120_000);
  afterAll(() => server?.dispose());

  it('shows on the console the per-minute checkouts and step p50/p99 that /metrics reports', async () => {
    const admin = new WebClient(server.url);
    expect((await admin.signIn(administratorUsername, password)).status).toBe(303);
    const page = await admin.get('/console');
    expect(page.status).toBe(200);
    const metrics = await server.request('GET', '/metrics', { token: null });
    expect(metrics.status).toBe(200);

    // Per minute: the chart's bars (`HH:MM: N`) against the gauge's minutes. The two reads may
    // straddle a minute's end: the minutes both show must agree, and that is at least 29.
    const bars = new Map(
      [...page.text.matchAll(/<title>(\d\d:\d\d): (\d+)<\/title>/g)].map((m) => [m[1]!, Number(m[2])]),
    );
    const perMinute = samplesOf(metrics.text, 'b2b_checkout_checkouts_per_minute');
    expect(bars.size).toBe(30);
    expect(perMinute).toHaveLength(30);
    const shared = perMinute.filter(([labels]) => bars.has(labels.minute!.slice(11, 16)));
    expect(shared.length).toBeGreaterThanOrEqual(29);
    for (const [labels, value] of shared)
      expect([labels.minute, bars.get(labels.minute!.slice(11, 16))]).toEqual([labels.minute, value]);
    const total = perMinute.reduce((sum, [, value]) => sum + value, 0);
    expect(total).toBe((await server.engine.store.db.selectFrom('sales_order').select('id').execute()).length - 1);

    // Durations: the page's table rows against the summary's quantiles, type by type.
    const rows = [
      ...page.text.matchAll(
        /<th scope="row">(\w+)<\/th>\s*<td class="num">([^<]+)<\/td>\s*<td class="num">([^<]+)<\/td>/g,
      ),
    ].map((m) => ({ type: m[1]!, p50: m[2]!.trim(), p99: m[3]!.trim() }));
    const quantiles = samplesOf(metrics.text, 'b2b_checkout_step_duration_seconds');
    const shownOf = (type: string, quantile: string) => {
      const sample = quantiles.find(([labels]) => labels.type === type && labels.quantile === quantile);
      return sample === undefined ? undefined : formatDuration(Math.round(sample[1] * 1000));
    };
    const reported = [...new Set(quantiles.map(([labels]) => labels.type!))].sort();
    expect(reported).toEqual(expect.arrayContaining(['ActivateOrder', 'CartToOrder', 'CheckInventory']));
    expect(rows.map((row) => row.type).sort()).toEqual(reported);
    for (const row of rows) {
      expect(row).toEqual({ type: row.type, p50: shownOf(row.type, '0.5'), p99: shownOf(row.type, '0.99') });
    }

    // And both are what the shared module reads from the database.
    const figures = await readCheckoutFigures(server.engine.store.db);
    expect(figures.stepDurations.map((row) => row.type)).toEqual(reported);
  });
});
