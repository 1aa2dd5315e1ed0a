/**
 * The b2b-checkout command as an operator meets it: a real process, its output and its exit
 * code. A taken port, an unsupported database URL and a bad password end the process with a
 * one-line message and a non-zero exit, never a stack trace; secrets never reach the output.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { spawnCli as spawnCliProcess, type CliProcess } from './support/spawn-cli.js';
import { createTestDatabase, temporaryDatabaseFile, testBackend } from './support/test-database.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
const run = promisify(execFile);

async function occupyPort(): Promise<{ port: number; server: Server }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { port: address.port, server };
}

const hasStackTrace = (output: string) => /^\s+at /m.test(output);

// Stopped after each test, also one that timed out: no process outlives its test.
const started: CliProcess[] = [];
const spawnCli = (...args: Parameters<typeof spawnCliProcess>) => {
  const cli = spawnCliProcess(...args);
  started.push(cli);
  return cli;
};
afterEach(async () => {
  await Promise.all(started.splice(0).map((cli) => cli.stop()));
});

describe.runIf(testBackend === 'sqlite')('the b2b-checkout command', () => {
  it('prints its version with --version', async () => {
    const cli = spawnCli(['--version']);
    expect(await cli.exited()).toBe(0);
    expect(cli.output).toEqual([version]);
  });

  it('runs from bin/ right after npm install, with no dist/ (the TypeScript through tsx)', async () => {
    // A copy of the package without dist/: bin/, package.json, and links to src/ and node_modules/.
    const copy = mkdtempSync(join(tmpdir(), 'b2b-checkout-bin-'));
    try {
      mkdirSync(join(copy, 'bin'));
      copyFileSync(join(root, 'bin/b2b-checkout.js'), join(copy, 'bin/b2b-checkout.js'));
      copyFileSync(join(root, 'package.json'), join(copy, 'package.json'));
      symlinkSync(join(root, 'src'), join(copy, 'src'));
      symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'));
      const help = await run(process.execPath, [join(copy, 'bin/b2b-checkout.js'), '--help']);
      expect(help.stdout).toMatch(/Usage: b2b-checkout/);
      for (const command of ['serve', 'worker', 'migrate', 'demo']) expect(help.stdout).toContain(command);
      const printed = await run(process.execPath, [join(copy, 'bin/b2b-checkout.js'), '--version']);
      expect(printed.stdout.trim()).toBe(version);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it('exits 1 with "port … is already in use" when the port is taken, closing workers and database', async () => {
    const { port, server } = await occupyPort();
    const { file, remove } = temporaryDatabaseFile();
    try {
      const cli = spawnCli(['serve', '--port', String(port), '--db', file]);
      expect(await cli.exited(90_000)).toBe(1);
      const output = cli.output.join('\n');
      expect(output).toContain(`port ${port} on 127.0.0.1 is already in use`);
      expect(output).not.toMatch(/EADDRINUSE/);
      expect(hasStackTrace(output)).toBe(false);
    } finally {
      server.close();
      remove();
    }
  });

  it('refuses a database URL of another scheme (mysql://x), listing the supported forms, creating nothing', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'b2b-checkout-cwd-'));
    try {
      for (const args of [['migrate'], ['serve', '--port', '0'], ['worker']]) {
        const cli = spawnCli(args, { DATABASE_URL: 'mysql://x' }, { cwd: folder });
        expect(await cli.exited(), args.join(' ')).toBe(1);
        const output = cli.output.join('\n');
        expect(output).toContain('Unsupported database URL mysql://x');
        for (const form of ['postgres://', 'postgresql://', 'sqlite:<file>', 'a file path']) {
          expect(output).toContain(form);
        }
        expect(output).not.toContain('Schema is current');
        expect(hasStackTrace(output)).toBe(false);
      }
      expect(readdirSync(folder)).toEqual([]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }, 180_000);

  it('never prints the password of a database it cannot reach', async () => {
    const { port, server } = await occupyPort();
    server.close();
    const url = `postgres://checkout:s3cretpw@127.0.0.1:${port}/checkout`;
    for (const args of [['migrate'], ['serve', '--port', '0'], ['worker']]) {
      const cli = spawnCli(args, { DATABASE_URL: url, LOG_LEVEL: 'info' });
      expect(await cli.exited(), args.join(' ')).toBe(1);
      const output = cli.output.join('\n');
      expect(output).not.toContain('s3cretpw');
      expect(hasStackTrace(output)).toBe(false);
    }
  }, 180_000);
});

describe.runIf(testBackend === 'postgres')('the b2b-checkout command on PostgreSQL', () => {
  it('masks the password of DATABASE_URL in what serve and worker print', async () => {
    const database = await createTestDatabase();
    // The test server trusts local connections, so any password works; it must never show.
    const url = new URL(database.url);
    url.username = url.username || 'postgres';
    url.password = 's3cretpw';
    try {
      // serve first: it creates the schema, so the worker after it starts at once.
      for (const args of [['serve', '--port', '0', '--no-worker'], ['worker']]) {
        const cli = spawnCli(args, { DATABASE_URL: url.toString(), LOG_LEVEL: 'info' });
        try {
          const [line] = await cli.waitFor(/listening on|b2b-checkout worker:/, 240_000);
          expect(line).toBeDefined();
          expect(cli.output.join('\n')).toContain(`${url.username}:***@`);
        } finally {
          await cli.stop();
        }
        expect(cli.output.join('\n')).not.toContain('s3cretpw');
      }
    } finally {
      await database.drop();
    }
  }, 300_000);
});
