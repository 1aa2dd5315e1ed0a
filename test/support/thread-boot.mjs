// Entry of a worker thread that runs TypeScript: registers tsx, then loads the real entry.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.entry);
