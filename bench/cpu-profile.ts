/**
 * CPU profiles of a benchmark phase with node:inspector, written to bench/profiles/ (open them
 * in Chrome DevTools or speedscope), plus the functions with the most self time as notes, so a
 * run answers "where does the time go" without a viewer.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session, type Profiler } from 'node:inspector';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { printNote } from './print-figure.js';

const profileFolder = fileURLToPath(new URL('./profiles/', import.meta.url));

function post<T>(session: Session, method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) =>
    session.post(method, params ?? {}, (error, result) => (error === null ? resolve(result as T) : reject(error))),
  );
}

/** Self time per function (name, file:line), largest first, as a share of all samples. */
function topSelfTime(profile: Profiler.Profile, count: number): { name: string; share: number }[] {
  const byNode = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMs = new Map<string, number>();
  const deltas = profile.timeDeltas ?? [];
  let totalMs = 0;
  (profile.samples ?? []).forEach((nodeId, index) => {
    const frame = byNode.get(nodeId)?.callFrame;
    if (frame === undefined) return;
    const where = frame.url === '' ? '' : ` ${basename(frame.url)}:${frame.lineNumber + 1}`;
    const key = `${frame.functionName === '' ? '(anonymous)' : frame.functionName}${where}`;
    const ms = (deltas[index] ?? 0) / 1000;
    totalMs += ms;
    selfMs.set(key, (selfMs.get(key) ?? 0) + ms);
  });
  return [...selfMs.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, ms]) => ({ name, share: totalMs === 0 ? 0 : ms / totalMs }));
}

/** Runs `work` under the CPU profiler when `isProfiling`, else just runs it. */
export async function withCpuProfile<T>(isProfiling: boolean, name: string, work: () => Promise<T>): Promise<T> {
  if (!isProfiling) return work();
  const session = new Session();
  session.connect();
  await post(session, 'Profiler.enable');
  await post(session, 'Profiler.setSamplingInterval', { interval: 200 });
  await post(session, 'Profiler.start');
  try {
    return await work();
  } finally {
    const { profile } = await post<{ profile: Profiler.Profile }>(session, 'Profiler.stop');
    session.disconnect();
    mkdirSync(profileFolder, { recursive: true });
    const file = join(profileFolder, `${name}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    printNote(`CPU profile ${file}; top self time:`);
    for (const { name: frame, share } of topSelfTime(profile, 15)) {
      printNote(`  ${(share * 100).toFixed(1).padStart(5)}%  ${frame}`);
    }
  }
}
