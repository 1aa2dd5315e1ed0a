/**
 * A worker thread with its own engine (its own SQLite connection) on a shared database file.
 * Calls wait at a shared barrier so that every thread's call starts at the same moment: the
 * interleaving is real, decided by SQLite's locks, not by one call awaited after another.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createEngine } from '../../src/engine.js';
import { runFullCheckout } from './run-full-checkout.js';

interface Call {
  readonly action: string;
  readonly input: Record<string, unknown>;
  readonly userId: string;
}

type Message =
  | { type: 'invoke'; generation: number; calls: Call[] }
  | { type: 'checkout'; generation: number; carts: { cartId: string; userId: string }[] }
  | { type: 'close' };

const data = workerData as { databaseFile: string; barrier: SharedArrayBuffer; workers: number };
const barrier = new Int32Array(data.barrier);
const engine = await createEngine({ databaseUrl: data.databaseFile, workers: data.workers, pollIntervalMs: 10 });
const port = parentPort!;

function waitAtBarrier(generation: number): void {
  Atomics.add(barrier, 1, 1);
  Atomics.notify(barrier, 1);
  Atomics.wait(barrier, 0, generation - 1);
}

port.on('message', (message: Message) => {
  void (async () => {
    if (message.type === 'close') {
      await engine.close();
      port.postMessage({ type: 'closed' });
      return;
    }
    waitAtBarrier(message.generation);
    if (message.type === 'invoke') {
      const results = [];
      for (const call of message.calls) {
        results.push(await engine.invoke(call.action, call.input, { userId: call.userId }));
      }
      port.postMessage({ type: 'results', results });
      return;
    }
    const outcomes = await Promise.all(message.carts.map((cart) => runFullCheckout(engine, cart.cartId, cart.userId)));
    port.postMessage({ type: 'results', results: outcomes });
  })().catch((error: unknown) => port.postMessage({ type: 'error', message: String(error) }));
});

port.postMessage({ type: 'ready' });
