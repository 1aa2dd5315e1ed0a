/**
 * Deployed flows (the SQL of `flow_definition`): each deploy is a new version that becomes the
 * active one; running interviews keep theirs. A set of files is parsed and validated as one
 * (a main flow and its subflows may arrive together) and stored in one transaction; a deploy
 * racing another of the same flow loses on the unique (name, version) index and retries.
 */
import { generateId } from '../records/ids.js';
import type { Store } from '../store/database.js';
import { nowIso } from '../store/clock.js';
import { isUniqueViolation } from '../store/is-unique-violation.js';
import type { FlowExtensions } from './flow-extensions.js';
import type { FlowModel } from './flow-model.js';
import type { FlowSource, LoadedFlow } from './flow-runtime.js';
import { flowTables, type FlowDefinitionRow } from './flow-tables.js';
import { parseFlow } from './parse-flow.js';
import { validateFlow } from './validate-flow.js';

export interface FlowFile {
  readonly apiName: string;
  readonly xml: string;
}

export interface DeployedFlow {
  apiName: string;
  version: number;
  processType: string;
  warnings: string[];
}

/** `Foo.flow-meta.xml`, `Foo.flow` → `Foo`. */
export function apiNameOfFile(fileName: string): string {
  const base = fileName.split(/[\\/]/).at(-1) ?? fileName;
  return base
    .replace(/\.flow-meta\.xml$/i, '')
    .replace(/\.flow$/i, '')
    .replace(/\.xml$/i, '');
}

/**
 * Loaded versions by name and number. A version, once deployed, never changes (a deploy adds
 * the next one; deactivating changes only which one is active, and a reset keeps the flows), so
 * every process may keep what it read: an interview's every move loads its flow and subflows by
 * version, and would otherwise read each one's XML again. Kept per store: two stores in one
 * process are two databases, whose flows share names and numbers but not content.
 */
const loadedVersionsByStore = new WeakMap<Store, Map<string, LoadedFlow>>();

function loadedVersionsOf(store: Store): Map<string, LoadedFlow> {
  let loaded = loadedVersionsByStore.get(store);
  if (loaded === undefined) {
    loaded = new Map();
    loadedVersionsByStore.set(store, loaded);
  }
  return loaded;
}

const versionKey = (apiNameKey: string, version: number) => `${apiNameKey}\u0000${version}`;

export async function loadFlow(store: Store, apiName: string, version?: number): Promise<LoadedFlow | null> {
  const apiNameKey = apiName.toLowerCase();
  const loadedVersions = loadedVersionsOf(store);
  if (version !== undefined) {
    const loaded = loadedVersions.get(versionKey(apiNameKey, version));
    if (loaded !== undefined) return loaded;
  }
  let query = flowTables(store)
    .selectFrom('flow_definition')
    .select(['id', 'api_name', 'xml', 'version'])
    .where('api_name_key', '=', apiNameKey);
  query = version === undefined ? query.where('is_active', '=', 1) : query.where('version', '=', version);
  const row = await query.executeTakeFirst();
  if (row === undefined) return null;
  const key = versionKey(apiNameKey, Number(row.version));
  const known = loadedVersions.get(key);
  if (known !== undefined) return known;
  const loaded = { model: parseFlow(row.api_name, row.xml), version: Number(row.version) };
  if (loadedVersions.size > 500) loadedVersions.clear();
  loadedVersions.set(key, loaded);
  return loaded;
}

export function createFlowSource(store: Store): FlowSource {
  return { load: (apiName, version) => loadFlow(store, apiName, version) };
}

/** Parses and validates the set as a whole, then stores each file as its flow's next version. */
export async function deployFlows(
  store: Store,
  extensions: FlowExtensions,
  files: readonly FlowFile[],
  userId: string | null,
): Promise<DeployedFlow[]> {
  const models = files.map((file) => parseFlow(file.apiName, file.xml));
  const inSet = new Map(models.map((model) => [model.apiName.toLowerCase(), model]));
  const deployed = new Map<string, FlowModel | null>();
  for (const model of models) {
    const pending = model.elements.values();
    const called = new Set<string>();
    for (const element of pending) {
      if (element.kind === 'subflow') called.add(element.flowName.toLowerCase());
      if (element.kind === 'actionCall' && element.actionType.toLowerCase() === 'flow') {
        called.add(element.actionName.toLowerCase());
      }
    }
    for (const name of called) {
      if (inSet.has(name) || deployed.has(name)) continue;
      const provided = extensions.flows.find((flow) => flow.apiName.toLowerCase() === name);
      deployed.set(
        name,
        (await loadFlow(store, name))?.model ?? (provided ? parseFlow(provided.apiName, provided.xml) : null),
      );
    }
  }
  const findFlow = (apiName: string) => inSet.get(apiName.toLowerCase()) ?? deployed.get(apiName.toLowerCase()) ?? null;
  models.forEach((model) => validateFlow(model, { extensions, findFlow }));
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await store.transaction(async (trx) => {
        const db = trx.withTables<{ flow_definition: FlowDefinitionRow }>();
        const results: DeployedFlow[] = [];
        for (const [index, model] of models.entries()) {
          const key = model.apiName.toLowerCase();
          const latest = await db
            .selectFrom('flow_definition')
            .select((eb) => eb.fn.max('version').as('version'))
            .where('api_name_key', '=', key)
            .executeTakeFirst();
          const version = Number(latest?.version ?? 0) + 1;
          await db.updateTable('flow_definition').set({ is_active: 0 }).where('api_name_key', '=', key).execute();
          await db
            .insertInto('flow_definition')
            .values({
              id: generateId('300'),
              api_name: model.apiName,
              api_name_key: key,
              version,
              process_type: model.processType,
              label: model.label,
              xml: files[index]!.xml,
              is_active: 1,
              created_date: nowIso(),
              created_by_id: userId,
            })
            .execute();
          results.push({ apiName: model.apiName, version, processType: model.processType, warnings: [] });
        }
        return results;
      });
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= 5) throw error;
    }
  }
}

/**
 * Flows the engine provides (built-in and extension flows): deployed when missing, and again as
 * a new version when the engine's XML changed (an upgrade) while the active version is still
 * one the engine deployed. A flow an administrator replaced or deactivated is left alone.
 * Concurrent starts race on the unique index; the loser finds the flow there.
 */
export async function deployProvidedFlows(store: Store, extensions: FlowExtensions): Promise<void> {
  const toDeploy: FlowFile[] = [];
  for (const flow of extensions.flows) {
    const versions = await flowTables(store)
      .selectFrom('flow_definition')
      .select(['xml', 'is_active', 'created_by_id'])
      .where('api_name_key', '=', flow.apiName.toLowerCase())
      .execute();
    const active = versions.find((version) => Number(version.is_active) === 1);
    const isMissing = versions.length === 0;
    const isOutdated = active !== undefined && active.created_by_id === null && active.xml !== flow.xml;
    if (isMissing || isOutdated) toDeploy.push(flow);
  }
  if (toDeploy.length === 0) return;
  try {
    await deployFlows(store, extensions, toDeploy, null);
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
}

export interface FlowSummary {
  apiName: string;
  label: string;
  processType: string;
  activeVersion: number | null;
  latestVersion: number;
}

export async function listFlows(store: Store): Promise<FlowSummary[]> {
  const rows = await flowTables(store)
    .selectFrom('flow_definition')
    .select(['api_name', 'api_name_key', 'label', 'process_type', 'version', 'is_active'])
    .orderBy('api_name_key')
    .orderBy('version')
    .execute();
  const byName = new Map<string, FlowSummary>();
  for (const row of rows) {
    const summary = byName.get(row.api_name_key) ?? {
      apiName: row.api_name,
      label: row.label,
      processType: row.process_type,
      activeVersion: null,
      latestVersion: 0,
    };
    summary.latestVersion = Number(row.version);
    summary.apiName = row.api_name;
    summary.label = row.label;
    summary.processType = row.process_type;
    if (row.is_active === 1) summary.activeVersion = Number(row.version);
    byName.set(row.api_name_key, summary);
  }
  return [...byName.values()];
}

export interface FlowVersion {
  apiName: string;
  label: string;
  version: number;
  active: boolean;
  deployedById: string | null;
  deployedAt: string;
}

/** Every deployed version of every flow, by API name then version (the console's flows page). */
export async function listFlowVersions(store: Store): Promise<FlowVersion[]> {
  const rows = await flowTables(store)
    .selectFrom('flow_definition')
    .select(['api_name', 'label', 'version', 'is_active', 'created_by_id', 'created_date'])
    .orderBy('api_name_key')
    .orderBy('version')
    .execute();
  return rows.map((row) => ({
    apiName: row.api_name,
    label: row.label,
    version: Number(row.version),
    active: Number(row.is_active) === 1,
    deployedById: row.created_by_id,
    deployedAt: String(row.created_date),
  }));
}

export async function readFlowDefinition(store: Store, apiName: string) {
  const rows = await flowTables(store)
    .selectFrom('flow_definition')
    .selectAll()
    .where('api_name_key', '=', apiName.toLowerCase())
    .orderBy('version', 'desc')
    .execute();
  if (rows.length === 0) return null;
  const shown = rows.find((row) => row.is_active === 1) ?? rows[0]!;
  return {
    apiName: shown.api_name,
    label: shown.label,
    processType: shown.process_type,
    activeVersion: rows.find((row) => row.is_active === 1)?.version ?? null,
    versions: rows.map((row) => ({
      version: Number(row.version),
      isActive: row.is_active === 1,
      createdDate: row.created_date,
    })),
    xml: shown.xml,
  };
}

/** Deactivates every version; true when the flow exists. Interviews already running continue. */
export async function deactivateFlow(store: Store, apiName: string): Promise<boolean> {
  const key = apiName.toLowerCase();
  const exists = await flowTables(store)
    .selectFrom('flow_definition')
    .select('id')
    .where('api_name_key', '=', key)
    .executeTakeFirst();
  if (exists === undefined) return false;
  await flowTables(store)
    .updateTable('flow_definition')
    .set({ is_active: 0 })
    .where('api_name_key', '=', key)
    .execute();
  return true;
}
