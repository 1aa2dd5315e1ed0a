/**
 * docs/api.md's walk-through works as written: its shell commands (every `sh` block of the
 * "Log in" and "Walk a checkout" sections), run with bash, curl and jq against a real
 * `serve --demo`, right after the curl line the server prints — twice, so a used database
 * (no Active cart left) works too.
 */
import { execFile, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawnCli, type CliProcess } from './support/spawn-cli.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';

const run = promisify(execFile);

function missingCommands(): string[] {
  return ['bash', 'curl', 'jq'].filter((command) => {
    try {
      execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
      return false;
    } catch {
      return true;
    }
  });
}

/** The shell commands of the walk-through, in the order the document gives them. */
function walkthroughScript(markdown: string): string {
  const start = markdown.indexOf('## Log in');
  const end = markdown.indexOf('## Actions', start);
  if (start === -1 || end === -1) throw new Error('docs/api.md has no "## Log in" … "## Actions" sections');
  const blocks = [...markdown.slice(start, end).matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1]!);
  return blocks.join('\n');
}

const runBash = (script: string, env: Record<string, string>) =>
  run('bash', ['-c', script], { env: { ...process.env, ...env }, timeout: 150_000, maxBuffer: 16 * 1024 * 1024 });

describe('docs/api.md walk-through', () => {
  let database: TestDatabase;
  let server: CliProcess | null = null;
  beforeEach(async () => {
    database = await createTestDatabase();
  });
  afterEach(async () => {
    await server?.stop();
    await database.drop();
  });

  it('checks out a cart with the documented commands after npm start, twice in a row', async () => {
    expect(missingCommands(), 'the walk-through needs these commands installed (apt-get install bash curl jq)').toEqual(
      [],
    );
    const script = walkthroughScript(readFileSync(new URL('../docs/api.md', import.meta.url), 'utf8'));
    expect(script).toContain('step Start Inventory checkCartInventoryAction');

    server = spawnCli(['serve', '--demo', '--port', '0'], { DATABASE_URL: database.url, B2B_CHECKOUT_ADMIN_TOKEN: '' });
    const [, url] = await server.waitFor(/listening on (http:\/\/\S+)/, 120_000);
    const [curlLine] = await server.waitFor(/^curl -s -X POST .*$/);
    const printed = await runBash(curlLine, {});
    expect(JSON.parse(printed.stdout)).toMatchObject([{ actionName: 'checkoutSessionAction', isSuccess: true }]);

    for (let run = 1; run <= 2; run += 1) {
      // `set -e`: the first failing command ends the script, as a reader would stop.
      const result = await runBash(`set -euo pipefail\n${script}`, { BASE: url! }).catch(
        (error: { stdout?: string; stderr?: string; message: string }) => {
          throw new Error(`run ${run} failed: ${error.message}\n${error.stdout ?? ''}\n${error.stderr ?? ''}`);
        },
      );
      expect(result.stdout, result.stderr).toMatch(/"Status":"Activated"/);
      expect(result.stdout).toMatch(/"Id":"1Os\w{15}","Status":"Created"/);
      expect(result.stdout).toContain('"State":"Taxes","NextState":null,"IsError":false');
    }
  }, 300_000);
});
