#!/usr/bin/env node
/** The b2b-checkout command line. */
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { maskCredentials } from '../domain/mask-credentials.js';
import { runDemo } from './demo.js';
import { runFlowsDeploy, runFlowsList } from './flows.js';
import { runMigrate } from './migrate.js';
import { registerOperatorCommands } from './operator-commands.js';
import { runServe } from './serve.js';
import { runWorker, type WorkerFlags } from './worker.js';

// package.json sits two folders up from both src/cli/ and dist/cli/.
const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

const program = new Command()
  .name('b2b-checkout')
  .description('Self-hostable B2B checkout engine with the Salesforce B2B Commerce checkout contract')
  .version(version, '-v, --version', 'print the version');

program
  .command('demo')
  .description('Create a demo store in a fresh embedded database and run one full checkout')
  .option('--db <file>', 'SQLite file to create (replaced if it exists)', '.b2b-checkout/demo.sqlite')
  .action(async (options: { db: string }) => {
    await runDemo({ databaseFile: options.db, print: (line) => console.log(line) });
  });

program
  .command('serve')
  .description('Serve the REST API (Salesforce-compatible) with background workers in this process')
  .option('--port <port>', 'port to listen on (env PORT; default 3000)')
  .option('--host <host>', 'address to listen on (env HOST; default 127.0.0.1)')
  .option('--db <file>', 'SQLite file (env DATABASE_URL or B2B_CHECKOUT_DB; default .b2b-checkout/b2b-checkout.sqlite)')
  .option('--workers <count>', 'worker loops in this process (default 1)')
  .option('--no-worker', 'no background workers here: run `b2b-checkout worker` processes beside it')
  .option('--demo', 'seed the demo store when the database has none; print a buyer token and a curl line')
  .action(
    async (options: {
      port?: string;
      host?: string;
      db?: string;
      workers?: string;
      worker: boolean;
      demo?: boolean;
    }) => {
      const { worker, ...flags } = options;
      await runServe(worker ? flags : { ...flags, workers: '0' }, (line) => console.log(line));
    },
  );

program
  .command('worker')
  .description('Run background operations only (no HTTP), beside servers started with --no-worker')
  .option('--db <url>', 'database (env DATABASE_URL or B2B_CHECKOUT_DB)')
  .option('--workers <count>', 'worker loops in this process (default 1)')
  .option('--concurrency <count>', 'operations each loop runs at once (default 4)')
  .option('--poll-ms <ms>', 'poll interval when no wake-up arrives (default 1000)')
  .option('--lease-margin-ms <ms>', "lease length beyond an operation's Timeout (default 5000)")
  .option('--reap-ms <ms>', 'how often expired leases are reclaimed (default 5000)')
  .action(async (options: WorkerFlags) => {
    await runWorker(options, (line) => console.log(line));
  });

program
  .command('migrate')
  .description('Apply pending schema migrations and create the built-in records')
  .option('--db <url>', 'database (env DATABASE_URL or B2B_CHECKOUT_DB)')
  .action(async (options: { db?: string }) => {
    await runMigrate(options, (line) => console.log(line));
  });

registerOperatorCommands(program);
const flows = program.command('flows').description('Deploy and list checkout flows (Flow metadata XML)');
flows
  .command('deploy')
  .description('Deploy flow files (or every *.flow-meta.xml / *.flow of a directory) as one set')
  .argument('<paths...>', 'flow files or directories')
  .option('--db <url>', 'database (env DATABASE_URL or B2B_CHECKOUT_DB)')
  .action(async (paths: string[], options: { db?: string }) => {
    await runFlowsDeploy(paths, options, (line) => console.log(line));
  });
flows
  .command('list')
  .description('List deployed flows and their active versions')
  .option('--db <url>', 'database (env DATABASE_URL or B2B_CHECKOUT_DB)')
  .action(async (options: { db?: string }) => {
    await runFlowsList(options, (line) => console.log(line));
  });

program.parseAsync(process.argv).catch((error: unknown) => {
  // One line, never a stack trace; a URL in the message (a driver's error) loses its password.
  const message = error instanceof Error ? error.message : String(error);
  console.error(message.replace(/[a-z][a-z0-9+.-]*:\/\/\S+/gi, (url) => maskCredentials(url)));
  process.exitCode = 1;
});
