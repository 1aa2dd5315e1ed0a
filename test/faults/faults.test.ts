import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ServiceProviderType } from '../../src/domain/vocabulary.js';
import { createEngine, type Engine } from '../../src/engine.js';
import { createCart } from '../../src/seed/create-cart.js';
import { seedStore, type SeededStore } from '../../src/seed/seed-store.js';
import { invokeOver } from '../cluster/cluster-client.js';
import { clusterAdminToken, startCluster, type Cluster } from '../cluster/cluster.js';
import { waitWhileProcessing } from '../cluster/raced-checkout.js';
import { createTestDatabase, testBackend, type TestDatabase } from '../support/test-database.js';
import { registerStoreProvider } from '../support/register-store-provider.js';

/** The cluster's provider directory (B2B_CHECKOUT_PROVIDER_DIR): the fixtures are module providers. */
const fixturesDir = fileURLToPath(new URL('../fixtures/', import.meta.url));
const providerEnv = { B2B_CHECKOUT_PROVIDER_DIR: fixturesDir };

/** Stops and starts the local cluster, when this machine runs the PostgreSQL server itself. */
function postgresControl(): ((action: 'stop' | 'start') => void) | null {
  if (!existsSync('/etc/postgresql')) return null;
  const version = readdirSync('/etc/postgresql').sort().at(-1);
  if (version === undefined) return null;
  return (action) =>
    execFileSync(
      'pg_ctlcluster',
      ['--skip-systemctl-redirect', version, 'main', action, ...(action === 'stop' ? ['-m', 'fast'] : [])],
      {
        stdio: 'ignore',
      },
    );
}

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.runIf(testBackend === 'postgres')('faults: killed workers, database restarts, hanging providers', () => {
  let database: TestDatabase;
  let engine: Engine;
  let store: SeededStore;
  let cluster: Cluster | null;
  beforeEach(async () => {
    database = await createTestDatabase();
    engine = await createEngine({ databaseUrl: database.url, workers: 0, poolSize: 2 });
    store = await seedStore(engine.store.db, {
      name: 'Fault Store',
      buyerAccounts: ['Acme'],
      products: [{ name: 'Widget', sku: 'WID-1', price: '10.00', stock: 1_000 }],
    });
    cluster = null;
  });
  afterEach(async () => {
    if (process.env.FAULTS_DEBUG !== undefined) {
      for (const member of [...(cluster?.servers ?? []), ...(cluster?.workers ?? [])])
        console.log(member.output.slice(-15).join('\n'));
    }
    await cluster?.stop();
    await engine.close();
    await database.drop();
  });

  const db = () => engine.store.db;
  async function registerModule(type: ServiceProviderType, name: string, timeoutMs: number, retryLimit: number) {
    await registerStoreProvider(db(), store.storeId, {
      type,
      kind: 'Module',
      target: name,
      developerName: `${type}_fault_module`,
      secret: null,
      timeoutMs,
      retryLimit,
    });
  }
  const newCart = async () =>
    (await createCart(db(), store.storeId, store.buyers[0]!, [{ product: store.products[0]!, quantity: 2 }])).cartId;
  const invoke = (action: string, input: Record<string, unknown>) =>
    invokeOver(cluster!.serverUrls[0]!, clusterAdminToken, action, input);
  async function startStep(
    cartId: string,
    from: string,
    to: string,
    action: string,
    extra: Record<string, unknown> = {},
  ) {
    const session = await invoke('checkoutSessionAction', { cartId });
    const sessionId = session.outputValues!.requestId as string;
    expect(
      (
        await invoke('updateCheckoutSessionStateAction', {
          checkoutSessionId: sessionId,
          expCurrentState: from,
          nextState: to,
        })
      ).isSuccess,
    ).toBe(true);
    const started = await invoke(action, { cartId, ...extra });
    expect(started.isSuccess, JSON.stringify(started)).toBe(true);
    return { sessionId, operationId: started.outputValues!.backgroundOperationId as string };
  }
  async function finishCheckout(cartId: string, sessionId: string) {
    await startStep(cartId, 'Inventory', 'Cart To Order', 'cartToOrderAction');
    await waitWhileProcessing(db(), sessionId);
    await startStep(cartId, 'Cart To Order', 'Activate Order', 'activateOrderAction', { orderStatus: 'Activated' });
    return waitWhileProcessing(db(), sessionId);
  }
  const operation = (id: string) =>
    db().selectFrom('background_operation').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  it('finishes the operation of a worker killed with SIGKILL mid-operation, on another worker, exactly once', async () => {
    cluster = await startCluster(database.url, 1, 2, providerEnv);
    await registerModule('Inventory', 'slow-inventory-provider', 3_000, 3);
    const cartId = await newCart();
    const { sessionId, operationId } = await startStep(cartId, 'Start', 'Inventory', 'checkCartInventoryAction');
    const running = await waitFor(async () => {
      const row = await operation(operationId);
      return row.status === 'Running' ? row : undefined;
    });
    const victimPid = Number(running.worker_uri!.split(':')[1]);
    const victim = cluster.workers.find((worker) => worker.child.pid === victimPid)!;
    victim.child.kill('SIGKILL');
    const startedMs = Date.now();
    const finished = await waitFor(async () => {
      const row = await operation(operationId);
      return row.status === 'Complete' ? row : undefined;
    });
    const recoveryMs = Date.now() - startedMs;
    expect(finished.retry_count).toBe(1);
    expect(Number(finished.worker_uri!.split(':')[1])).not.toBe(victimPid);
    expect((await waitWhileProcessing(db(), sessionId)).state).toBe('Inventory');
    const done = await finishCheckout(cartId, sessionId);
    expect(done).toMatchObject({ is_archived: 1, state: 'Activate Order' });
    await engine.settle(30_000);
    expect(await db().selectFrom('sales_order').select('id').execute()).toHaveLength(1);
    expect(await db().selectFrom('order_summary').select('id').execute()).toHaveLength(1);
    console.log(
      `faults: sigkill recovered after ${recoveryMs} ms (lease 3000 + 500 ms margin), retries=${finished.retry_count}`,
    );
  });

  it('stops a worker on SIGTERM only after its running operation is complete', async () => {
    cluster = await startCluster(database.url, 1, 1, providerEnv);
    await registerModule('Inventory', 'slow-inventory-provider', 3_000, 3);
    const cartId = await newCart();
    const { operationId } = await startStep(cartId, 'Start', 'Inventory', 'checkCartInventoryAction');
    await waitFor(async () => ((await operation(operationId)).status === 'Running' ? true : undefined));
    const [worker] = cluster.workers;
    await worker!.stop('SIGTERM');
    expect(worker!.output.join('\n')).toContain('stopped');
    const finished = await operation(operationId);
    expect(finished).toMatchObject({ status: 'Complete', retry_count: 0 });
    expect(Number(finished.worker_uri!.split(':')[1])).toBe(worker!.child.pid);
  });

  it('times out a hanging provider and puts the session in Error, never leaving it processing', async () => {
    // A lease far longer than the 400 ms Timeout: the error must come from the timeout, not
    // from the reaper racing it by the 500 ms margin of the other tests.
    cluster = await startCluster(database.url, 1, 1, providerEnv, ['--lease-margin-ms', '60000']);
    await registerModule('Inventory', 'hanging-inventory-provider', 400, 1);
    const cartId = await newCart();
    const { sessionId, operationId } = await startStep(cartId, 'Start', 'Inventory', 'checkCartInventoryAction');
    const session = await waitWhileProcessing(db(), sessionId, 30_000);
    expect(session).toMatchObject({ state: 'Error', is_error: 1, is_processing: 0 });
    const failed = await operation(operationId);
    expect(failed).toMatchObject({ status: 'Error', retry_count: 1 });
    expect(failed.error).toMatch(/^The Inventory service is unavailable \(ref [0-9a-f]{8}\)$/);
    expect(failed.error_detail).toContain('Timed out after 400 ms');
    const outputs = await db().selectFrom('cart_validation_output').select(['type', 'level']).execute();
    expect(outputs).toEqual([{ type: 'SystemError', level: 'Error' }]);
  });

  const control = postgresControl();
  it.runIf(control !== null)(
    'survives a PostgreSQL restart mid-run: processes reconnect, no operation lost, no double order',
    async () => {
      cluster = await startCluster(database.url, 2, 2, providerEnv);
      await registerModule('Inventory', 'slow-inventory-provider', 3_000, 5);
      const carts = await Promise.all(Array.from({ length: 12 }, () => newCart()));
      const started = [];
      for (const cartId of carts)
        started.push({ cartId, ...(await startStep(cartId, 'Start', 'Inventory', 'checkCartInventoryAction')) });
      await engine.close();
      // Down from 1.2 s to 3.2 s: the providers (1.5 s) finish while the database is away, so
      // completions fail and the operations are left Running until their leases expire.
      await new Promise((resolve) => setTimeout(resolve, 1_200));
      control!('stop');
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      control!('start');
      engine = await createEngine({ databaseUrl: database.url, workers: 0, poolSize: 2 });
      for (const { sessionId } of started) {
        expect((await waitWhileProcessing(db(), sessionId, 60_000)).state).toBe('Inventory');
      }
      const afterRestart = await db().selectFrom('background_operation').select(['status', 'retry_count']).execute();
      expect(afterRestart.every((row) => row.status === 'Complete')).toBe(true);
      for (const { cartId, sessionId } of started) {
        const done = await waitFor(async () => finishCheckout(cartId, sessionId), 60_000);
        expect(done.state).toBe('Activate Order');
      }
      await engine.settle(30_000);
      const orders = await db().selectFrom('sales_order').select('checkout_session_id').execute();
      expect(orders).toHaveLength(carts.length);
      expect(new Set(orders.map((order) => order.checkout_session_id)).size).toBe(carts.length);
      const retried = afterRestart.filter((row) => row.retry_count > 0).length;
      console.log(
        `faults: postgres restart — ${carts.length} operations in flight, all complete, ${retried} retried, ${orders.length} orders`,
      );
    },
    180_000,
  );
});
