import { describe, expect, it } from 'vitest';
import { spawnCli } from './support/spawn-cli.js';
import { temporaryDatabaseFile, testBackend } from './support/test-database.js';

describe.runIf(testBackend === 'sqlite')('npm start (serve --demo) on a new database', () => {
  it('runs a first checkout of the demo store through its checkout flow, then serves and prints tokens and a curl line', async () => {
    const { file, remove } = temporaryDatabaseFile();
    const server = spawnCli(['serve', '--demo', '--port', '0', '--db', file], {
      B2B_CHECKOUT_ADMIN_TOKEN: '',
      // As `npm start` runs it.
      LOG_LEVEL: 'info',
    });
    try {
      const [, url] = await server.waitFor(/listening on (http:\/\/\S+)/, 90_000);
      await server.waitFor(/^curl -s -X POST/);
      const output = server.output.join('\n');
      expect(output).toMatch(/flow b2b_checkout__Checkout started/);
      expect(output).toMatch(/Payment_Screen submitted/);
      expect(output).toMatch(
        /Flow checkout: order \d{8} \(801\w{15}\): Activated, PO PO-DEMO-1; redirected to orderconfirmation 1Os\w{15}/,
      );
      // Its readable trace is the whole story: the info log lines of that same work stay quiet.
      expect(server.output.filter((line) => line.includes('"event":"SessionCreated"'))).toEqual([]);
      expect(server.output.filter((line) => line.includes('"kind":"action"'))).toEqual([]);
      expect(output).toMatch(/Administrator token \(shown once, stored only as a hash\): \S{20,}/);
      const token = /Buyer \S+ token \(valid 24 h\): (\S+)/.exec(output)![1]!;
      const response = await fetch(`${url}/services/data/v62.0/sobjects/WebCart/describe`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(response.status).toBe(200);
    } finally {
      await server.stop();
      remove();
    }
  });
});
