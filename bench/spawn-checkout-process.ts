/**
 * A `b2b-checkout serve` or `worker` process for the HTTP benchmarks: a real separate process,
 * so the load client and the server never share a CPU thread, as in production.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const cliEntry = fileURLToPath(new URL('../src/cli/index.ts', import.meta.url));

export interface CheckoutProcess {
  readonly child: ChildProcess;
  /** The server's URL (servers only). */
  readonly url: string | null;
  stop(): Promise<void>;
}

/** Starts the process and waits (up to 60 s) for its ready line. */
export async function spawnCheckoutProcess(
  args: readonly string[],
  env: Record<string, string>,
): Promise<CheckoutProcess> {
  // BENCH_SERVER_PROFILE_DIR=<dir>: each process writes a V8 CPU profile there when it exits.
  const profileDir = process.env.BENCH_SERVER_PROFILE_DIR;
  const profiling = profileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${profileDir}`];
  const child = spawn(process.execPath, [...profiling, '--import', 'tsx', cliEntry, ...args], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const output: string[] = [];
  const url = await new Promise<string | null>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${args[0]} did not start:\n${output.join('')}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output.push(chunk.toString());
      const text = output.join('');
      const listening = text.match(/listening on (http:\/\/\S+)/);
      if (listening !== null || /b2b-checkout worker:/.test(text)) {
        clearTimeout(timer);
        resolve(listening?.[1] ?? null);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', () => {
      clearTimeout(timer);
      reject(new Error(`${args[0]} exited:\n${output.join('')}`));
    });
  });
  return {
    child,
    url,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
