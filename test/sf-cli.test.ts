/**
 * The real Salesforce CLI (`sf` 2.86) against a real `serve --demo` on 127.0.0.1, unchanged,
 * as docs/salesforce-clients.md shows it: log in with an access token, query (the table
 * layout asks `columns=true`), create, update and get a record, a raw REST request and
 * `org display`. Each record the CLI writes is then read back from the database.
 *
 * The CLI is not a project dependency: `.ci/run` installs it into a cache folder and exports
 * SF_CLI_BIN (its `bin/run.js`). Without it the suite is skipped, saying why. Its home, config
 * and keychain are a temporary folder: nothing of the developer's own `sf` setup is used or
 * changed.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../src/store/database.js';
import { spawnCli, type CliProcess } from './support/spawn-cli.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';

const run = promisify(execFile);

const sfBin = process.env.SF_CLI_BIN ?? join(homedir(), '.cache/b2b-checkout/sf-cli-2.86.1/package/bin/run.js');
const isInstalled = existsSync(sfBin);
if (!isInstalled) {
  console.warn(
    `Salesforce CLI suite skipped: no sf at ${sfBin} (set SF_CLI_BIN, or run .ci/run once, which installs it).`,
  );
}

const organizationId = '00D000000000001EAA';
const adminToken = `${organizationId}!sf-cli-test-administrator-token.0123456789`;

describe.skipIf(!isInstalled)('the Salesforce CLI against serve', () => {
  let database: TestDatabase;
  let server: CliProcess;
  let store: Store;
  let url: string;
  let home: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    home = mkdtempSync(join(tmpdir(), 'b2b-sf-home-'));
    server = spawnCli(['serve', '--demo', '--port', '0'], {
      DATABASE_URL: database.url,
      B2B_CHECKOUT_ADMIN_TOKEN: adminToken,
    });
    [, url] = (await server.waitFor(/listening on (http:\/\/\S+)/, 120_000)) as unknown as [string, string];
    store = openStore({ url: database.url });
  }, 180_000);
  afterAll(async () => {
    await store?.close();
    await server?.stop();
    await database?.drop();
    if (home !== undefined) rmSync(home, { recursive: true, force: true });
  });

  /** Runs `sf` with an isolated home; resolves with its standard output. */
  async function sf(...args: string[]): Promise<string> {
    try {
      const { stdout } = await run(process.execPath, [sfBin, ...args], {
        env: {
          PATH: process.env.PATH ?? '',
          HOME: home,
          SF_ACCESS_TOKEN: adminToken,
          SF_DISABLE_TELEMETRY: 'true',
          SF_AUTOUPDATE_DISABLE: 'true',
          SF_SKIP_NEW_VERSION_CHECK: 'true',
          SF_HIDE_RELEASE_NOTES: 'true',
          SF_USE_GENERIC_UNIX_KEYCHAIN: 'true',
          SF_LOG_LEVEL: 'fatal',
          NO_COLOR: '1',
        },
        timeout: 120_000,
        maxBuffer: 8 * 1024 * 1024,
      });
      return stdout;
    } catch (error) {
      const failure = error as { message: string; stdout?: string; stderr?: string };
      throw new Error(
        `sf ${args.join(' ')} failed: ${failure.message}\n${failure.stdout ?? ''}\n${failure.stderr ?? ''}`,
      );
    }
  }

  const json = async (...args: string[]) =>
    (JSON.parse(await sf(...args, '--json')) as { status: number; result: Record<string, unknown> }).result;

  it('logs in with an access token and displays the org', async () => {
    const login = await json('org', 'login', 'access-token', '--instance-url', url, '--no-prompt', '--alias', 'b2b');
    expect(login).toMatchObject({ orgId: organizationId, username: 'admin@b2b-checkout.local' });
    const display = await json('org', 'display', '--target-org', 'b2b');
    expect(display).toMatchObject({ id: organizationId, connectedStatus: 'Connected', alias: 'b2b' });
  }, 120_000);

  it('queries with parent fields, laid out as a table from the column metadata', async () => {
    const table = await sf(
      'data',
      'query',
      '--target-org',
      'b2b',
      '--query',
      'SELECT Id, Name, OrganizationType, IsSandbox FROM Organization',
    );
    expect(table).toMatch(/ORGANIZATIONTYPE/);
    expect(table).toMatch(new RegExp(`${organizationId}.*b2b-checkout.*Enterprise Edition.*false`));
    const carts = await json(
      'data',
      'query',
      '--target-org',
      'b2b',
      '--query',
      'SELECT Id, Owner.Username FROM WebCart',
    );
    const stored = await store.db.selectFrom('web_cart').select('id').execute();
    expect(carts.totalSize).toBe(stored.length);
    expect((carts.records as { Owner: { Username: string } }[])[0]!.Owner.Username).toMatch(/^buyer@/);
  }, 120_000);

  it('creates, updates and gets a record, and sends a raw REST request', async () => {
    const created = await json(
      'data',
      'create',
      'record',
      '--target-org',
      'b2b',
      '--sobject',
      'Account',
      '--values',
      "Name='Made by sf'",
    );
    const id = created.id as string;
    expect(created.success).toBe(true);
    await json(
      'data',
      'update',
      'record',
      '--target-org',
      'b2b',
      '--sobject',
      'Account',
      '--record-id',
      id,
      '--values',
      "Name='Renamed by sf'",
    );
    const stored = await store.db.selectFrom('account').select(['id', 'name']).where('id', '=', id).execute();
    expect(stored).toEqual([{ id, name: 'Renamed by sf' }]);
    const got = await json(
      'data',
      'get',
      'record',
      '--target-org',
      'b2b',
      '--sobject',
      'Account',
      '--where',
      "Name='Renamed by sf'",
    );
    expect(got).toMatchObject({ Id: id, Name: 'Renamed by sf' });

    const answer = await sf(
      'api',
      'request',
      'rest',
      '--target-org',
      'b2b',
      `/services/data/v62.0/sobjects/Account/${id}`,
    );
    expect(JSON.parse(answer.slice(answer.indexOf('{')))).toMatchObject({ Id: id, Name: 'Renamed by sf' });
  }, 240_000);
});
