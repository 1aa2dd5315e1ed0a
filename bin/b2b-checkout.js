#!/usr/bin/env node
// The command runs the compiled JavaScript in dist/ when it exists (a published package, or
// after `npm run build`). A source checkout has no dist/ right after `npm install`: there the
// TypeScript in src/ runs through tsx, a dev dependency, so the documented commands work at
// once, with no build step and no install script to approve.
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/cli/index.js', import.meta.url);
if (existsSync(compiled)) {
  await import(compiled.href);
} else {
  let tsx;
  try {
    tsx = await import('tsx/esm/api');
  } catch {
    console.error('b2b-checkout: dist/ is missing and tsx is not installed: run `npm install`, then `npm run build`');
    process.exit(1);
  }
  tsx.register();
  await import(new URL('../src/cli/index.ts', import.meta.url).href);
}
