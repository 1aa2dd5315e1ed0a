/**
 * A worker thread that starts an engine the way `serve --demo` does (migrations, built-in
 * rows, the administrator, the demo store) on the database it is given, at the moment the
 * shared barrier opens, then closes it. Its own connection, as a separate process would have.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ensureAdministrator } from '../../src/access/ensure-administrator.js';
import { seedDemo } from '../../src/cli/seed-demo.js';
import { createEngine } from '../../src/engine.js';

const barrier = new Int32Array((workerData as { barrier: SharedArrayBuffer }).barrier);
const port = parentPort!;

port.on('message', (message: { round: number; databaseUrl: string }) => {
  Atomics.add(barrier, 1, 1);
  Atomics.wait(barrier, 0, message.round - 1);
  void (async () => {
    try {
      const engine = await createEngine({ databaseUrl: message.databaseUrl, workers: 0, poolSize: 2 });
      try {
        const administrator = await ensureAdministrator(engine.store, undefined);
        await seedDemo(engine);
        port.postMessage({ type: 'started', hasNewToken: administrator.newToken !== null });
      } finally {
        await engine.close();
      }
    } catch (error) {
      port.postMessage({ type: 'failed', message: error instanceof Error ? String(error.stack) : String(error) });
    }
  })();
});
port.postMessage({ type: 'ready' });
