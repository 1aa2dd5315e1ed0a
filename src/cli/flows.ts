/**
 * `b2b-checkout flows deploy <file|dir>…`: deploys flow metadata files as one set (a directory:
 * every `*.flow-meta.xml` and `*.flow` in it), each a new active version; a refused set changes
 * nothing and the command fails with the INVALID_FLOW message. `flows list` prints what is there.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../config.js';
import { CheckoutError } from '../domain/errors.js';
import { createEngine } from '../engine.js';
import { apiNameOfFile, listFlows, type FlowFile } from '../flows/flow-definitions.js';

const isFlowFile = (name: string) => /\.flow(-meta\.xml)?$/i.test(name);

export function readFlowFiles(paths: readonly string[]): FlowFile[] {
  const files: string[] = [];
  for (const path of paths) {
    if (statSync(path).isDirectory()) {
      files.push(
        ...readdirSync(path)
          .filter(isFlowFile)
          .sort()
          .map((name) => join(path, name)),
      );
    } else {
      files.push(path);
    }
  }
  return files.map((file) => ({ apiName: apiNameOfFile(file), xml: readFileSync(file, 'utf8') }));
}

async function withEngine<T>(
  db: string | undefined,
  work: (engine: Awaited<ReturnType<typeof createEngine>>) => Promise<T>,
) {
  const config = loadConfig({ ...(db === undefined ? {} : { db }) });
  const engine = await createEngine({
    databaseUrl: config.databaseUrl,
    workers: 0,
    poolSize: 1,
    purge: { intervalMs: 0 },
  });
  try {
    return await work(engine);
  } finally {
    await engine.close();
  }
}

export async function runFlowsDeploy(
  paths: readonly string[],
  flags: { readonly db?: string },
  print: (line: string) => void,
): Promise<void> {
  const files = readFlowFiles(paths);
  if (files.length === 0) throw new Error('No flow files (*.flow-meta.xml, *.flow) found');
  await withEngine(flags.db, async (engine) => {
    try {
      for (const deployed of await engine.deployFlows(files, null)) {
        print(`Deployed ${deployed.apiName} version ${deployed.version} (${deployed.processType}).`);
      }
    } catch (error) {
      if (error instanceof CheckoutError) throw new Error(`${error.errorCode}: ${error.message}`);
      throw error;
    }
  });
}

export async function runFlowsList(flags: { readonly db?: string }, print: (line: string) => void): Promise<void> {
  await withEngine(flags.db, async (engine) => {
    for (const flow of await listFlows(engine.store)) {
      const active = flow.activeVersion === null ? 'inactive' : `active version ${flow.activeVersion}`;
      print(`${flow.apiName} (${flow.processType}): ${active}, latest version ${flow.latestVersion}`);
    }
  });
}
