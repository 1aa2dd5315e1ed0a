/** Starts engine threads on one database file and releases their calls at the same instant. */
import { Worker } from 'node:worker_threads';
import type { ActionResult } from '../../src/actions/invoke-action.js';
import type { CheckoutOutcome } from './run-full-checkout.js';

type Reply =
  { type: 'ready' | 'closed' } | { type: 'results'; results: unknown[] } | { type: 'error'; message: string };

function nextReply(worker: Worker): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    worker.once('error', onError);
    worker.once('message', (reply: Reply) => {
      worker.off('error', onError);
      if (reply.type === 'error') reject(new Error(reply.message));
      else resolve(reply);
    });
  });
}

export class EngineThreads {
  private generation = 0;

  private constructor(
    private readonly threads: Worker[],
    private readonly barrier: Int32Array,
  ) {}

  /** `workers`: background worker loops inside each thread's engine. */
  static async start(count: number, databaseUrl: string, workers = 0): Promise<EngineThreads> {
    const shared = new SharedArrayBuffer(8);
    const threads = Array.from(
      { length: count },
      () =>
        new Worker(new URL('./thread-boot.mjs', import.meta.url), {
          workerData: {
            entry: new URL('./engine-thread.ts', import.meta.url).href,
            databaseFile: databaseUrl,
            barrier: shared,
            workers,
          },
        }),
    );
    await Promise.all(threads.map((thread) => nextReply(thread)));
    return new EngineThreads(threads, new Int32Array(shared));
  }

  private async release<T>(post: (thread: Worker, index: number, generation: number) => void): Promise<T[][]> {
    this.generation += 1;
    const generation = this.generation;
    Atomics.store(this.barrier, 1, 0);
    const replies = this.threads.map((thread) => nextReply(thread));
    this.threads.forEach((thread, index) => post(thread, index, generation));
    while (Atomics.load(this.barrier, 1) < this.threads.length) await new Promise((resolve) => setTimeout(resolve, 1));
    Atomics.store(this.barrier, 0, generation);
    Atomics.notify(this.barrier, 0);
    const settled = await Promise.all(replies);
    return settled.map((reply) => (reply.type === 'results' ? (reply.results as T[]) : []));
  }

  /** Each thread runs its calls in order; all threads start together. Results per thread. */
  invokeTogether(
    callsPerThread: readonly { action: string; input: Record<string, unknown>; userId: string }[][],
  ): Promise<ActionResult[][]> {
    return this.release<ActionResult>((thread, index, generation) =>
      thread.postMessage({ type: 'invoke', generation, calls: callsPerThread[index] ?? [] }),
    );
  }

  /** Each thread checks out its carts (concurrently within the thread); all start together. */
  checkoutTogether(cartsPerThread: readonly { cartId: string; userId: string }[][]): Promise<CheckoutOutcome[][]> {
    return this.release<CheckoutOutcome>((thread, index, generation) =>
      thread.postMessage({ type: 'checkout', generation, carts: cartsPerThread[index] ?? [] }),
    );
  }

  async close(): Promise<void> {
    await Promise.all(
      this.threads.map(async (thread) => {
        const reply = nextReply(thread);
        thread.postMessage({ type: 'close' });
        await reply;
        await thread.terminate();
      }),
    );
  }
}
