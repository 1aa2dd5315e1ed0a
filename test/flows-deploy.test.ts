/** Deploying flows: refusals naming the element and line, sets, versions, the CLI, REST and who may do it. */
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call -- response bodies are untyped JSON */
import { readFileSync } from 'node:fs';
import { shippedFlows } from '../src/flows/provided-flow-files.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCaller } from '../src/access/caller.js';
import { flowTables } from '../src/flows/flow-tables.js';
import { startHttpTestServer, type HttpTestServer } from './support/http-test-server.js';
import { spawnCli } from './support/spawn-cli.js';

const fixturePath = (path: string) => new URL(`./fixtures/flows/${path}`, import.meta.url);
const fixture = (path: string) => readFileSync(fixturePath(path), 'utf8');

/** The versions deployed here (the flows the engine ships, deployed at every first start, left out). */
async function storedVersions(server: HttpTestServer) {
  return flowTables(server.engine.store)
    .selectFrom('flow_definition')
    .select(['api_name', 'version', 'is_active'])
    .where(
      'api_name',
      'not in',
      shippedFlows().map((flow) => flow.apiName),
    )
    .orderBy('api_name')
    .orderBy('version')
    .execute();
}

describe('deploying flows', () => {
  let server: HttpTestServer;
  beforeEach(async () => {
    server = await startHttpTestServer();
  });
  afterEach(() => server.dispose());

  const put = (name: string, xml: string, token = server.adminToken) =>
    server.request('PUT', `/services/data/v60.0/flows/${name}`, {
      token,
      rawBody: xml,
      headers: { 'content-type': 'application/xml' },
    });

  it('refuses a connector to a missing element, naming the element and its line, and stores nothing', async () => {
    const response = await put('Bad_Connector', fixture('Bad_Connector.flow-meta.xml'));
    expect(response.status).toBe(400);
    expect(response.body).toEqual([
      {
        errorCode: 'INVALID_FLOW',
        message: 'First: connects to Nowhere, which is not an element of the flow (line 11)',
        fields: [],
      },
    ]);
    expect(await storedVersions(server)).toEqual([]);
  });

  it('refuses an element type it does not interpret', async () => {
    const response = await put('Bad_Element', fixture('Bad_Element.flow-meta.xml'));
    expect(response.status).toBe(400);
    expect(response.body[0].message).toBe('Pause_A_Day: element type waits is not supported (line 11)');
  });

  it('refuses a subflow that is not deployed when the file comes alone, and accepts the set together', async () => {
    const alone = await server.engine
      .deployFlows([{ apiName: 'Call_Things', xml: fixture('set/Call_Things.flow-meta.xml') }], null)
      .catch((error: Error) => error);
    expect((alone as Error).message).toMatch(/^Sum_Subflow: subflow Add_Numbers is not deployed \(line \d+\)$/);
    expect(await storedVersions(server)).toEqual([]);
    const deployed = await server.engine.deployFlows(
      [
        { apiName: 'Call_Things', xml: fixture('set/Call_Things.flow-meta.xml') },
        { apiName: 'Add_Numbers', xml: fixture('set/Add_Numbers.flow-meta.xml') },
      ],
      null,
    );
    expect(deployed.map((flow) => [flow.apiName, flow.version])).toEqual([
      ['Call_Things', 1],
      ['Add_Numbers', 1],
    ]);
    const admin = (await loadCaller(server.engine.store.db, server.store.buyers[0]!.userId))!;
    const run = await server.engine.flowInterviews.runAutolaunched(admin, 'Call_Things', {});
    // Subflow 2 + 5 - 1 = 6; as a flow action 6 + 10 - 1 = 15; the failing core action's message reached the fault path.
    expect(run.outputs.total).toBe(15);
    expect(String(run.outputs.fault)).not.toBe('');
  });

  it('keeps every version, activates the latest, serves the XML, and deactivates on DELETE', async () => {
    const xml = fixture('Two_Screens.flow-meta.xml');
    expect((await put('Two_Screens', xml)).body).toEqual({
      apiName: 'Two_Screens',
      version: 1,
      processType: 'Flow',
      warnings: [],
    });
    expect((await put('Two_Screens', xml)).body.version).toBe(2);
    const read = await server.request('GET', '/services/data/v60.0/flows/two_screens', { token: server.adminToken });
    expect(read.status).toBe(200);
    expect(read.body.activeVersion).toBe(2);
    expect(read.body.xml).toBe(xml);
    const list = await server.request('GET', '/services/data/v60.0/flows', { token: server.adminToken });
    expect(list.body.flows.map((flow: { apiName: string }) => flow.apiName)).toContain('Two_Screens');
    expect(
      (await server.request('DELETE', '/services/data/v60.0/flows/Two_Screens', { token: server.adminToken })).status,
    ).toBe(204);
    expect((await storedVersions(server)).filter((row) => row.api_name === 'Two_Screens')).toEqual([
      { api_name: 'Two_Screens', version: 1, is_active: 0 },
      { api_name: 'Two_Screens', version: 2, is_active: 0 },
    ]);
    const start = await server.request('POST', '/services/data/v60.0/flow-interviews', {
      token: server.buyerTokens[0]!,
      body: { flowApiName: 'Two_Screens', inputs: {} },
    });
    expect(start.status).toBe(404);
  });

  it('refuses a buyer on every flow definition resource and stores nothing', async () => {
    const buyer = server.buyerTokens[0]!;
    expect((await put('Two_Screens', fixture('Two_Screens.flow-meta.xml'), buyer)).status).toBe(403);
    expect((await server.request('GET', '/services/data/v60.0/flows', { token: buyer })).status).toBe(403);
    expect((await server.request('DELETE', '/services/data/v60.0/flows/Two_Screens', { token: buyer })).status).toBe(
      403,
    );
    expect((await storedVersions(server)).filter((row) => row.api_name === 'Two_Screens')).toEqual([]);
  });

  it('deploys a directory from the command line, and fails with the refusal for a bad file', async () => {
    const env = { DATABASE_URL: server.databaseUrl };
    const good = spawnCli(['flows', 'deploy', fixturePath('set').pathname], env);
    expect(await good.exited(60_000)).toBe(0);
    expect(good.output.join('\n')).toMatch(/Deployed Add_Numbers version 1/);
    const bad = spawnCli(['flows', 'deploy', fixturePath('Bad_Connector.flow-meta.xml').pathname], env);
    expect(await bad.exited(60_000)).toBe(1);
    expect(bad.output.join('\n')).toMatch(/INVALID_FLOW: First: connects to Nowhere/);
    expect((await storedVersions(server)).map((row) => row.api_name).sort()).toEqual(['Add_Numbers', 'Call_Things']);
  });
});
