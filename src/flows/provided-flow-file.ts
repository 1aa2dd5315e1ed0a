/**
 * A flow shipped as a file beside the code (e.g. `src/flows/checkout/My_Flow.flow-meta.xml`),
 * read once at start-up for built-ins.ts: `providedFlowFile(new URL('./x.flow-meta.xml',
 * import.meta.url))`. The API name is the file name without its extension.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { apiNameOfFile } from './flow-definitions.js';
import type { ProvidedFlow } from './flow-extensions.js';

export function providedFlowFile(file: URL): ProvidedFlow {
  const path = fileURLToPath(file);
  return { apiName: apiNameOfFile(path), xml: readFileSync(path, 'utf8') };
}
