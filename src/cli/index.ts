#!/usr/bin/env node
/** The b2b-checkout command line. */
import { Command } from 'commander';
import { runDemo } from './demo.js';

const program = new Command()
  .name('b2b-checkout')
  .description('Self-hostable B2B checkout engine with the Salesforce B2B Commerce checkout contract');

program
  .command('demo')
  .description('Create a demo store in a fresh embedded database and run one full checkout')
  .option('--db <file>', 'SQLite file to create (replaced if it exists)', '.b2b-checkout/demo.sqlite')
  .action(async (options: { db: string }) => {
    await runDemo({ databaseFile: options.db, print: (line) => console.log(line) });
  });

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
