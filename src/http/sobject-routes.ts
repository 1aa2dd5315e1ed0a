/**
 * The sObject resources: list, describe, create, read, update, delete, and the User password
 * resource. Every record route answers NOT_FOUND for a record the caller may not see.
 */
import type { FastifyInstance } from 'fastify';
import type { Caller } from '../access/caller.js';
import { isAdministrator, mayReadField } from '../access/record-visibility.js';
import { setPassword } from '../access/passwords.js';
import type { ObjectDef } from '../records/object.js';
import { allObjects, findObject, objects, parseIdOf } from '../records/registry.js';
import { toApiRecord } from '../records/to-api-record.js';
import type { Store } from '../store/database.js';
import { ApiError, notFound, readOnlyAccess } from './api-error.js';
import { apiVersionOf } from './api-versions.js';
import { callerOf } from './authenticate.js';
import { describeObject, summarizeObject } from './describe-object.js';
import type { ProviderSettings } from '../providers/provider-settings.js';
import { readVisibleRow } from './read-record.js';
import { preferredWaitSeconds } from './prefer-wait.js';
import type { RecordWaits } from './record-waits.js';
import { createRecord, deleteRecord, updateRecord } from './write-record.js';

type TypeParams = { Params: { type: string } };
type RecordParams = { Params: { type: string; id: string } };

function objectNamed(type: string): ObjectDef {
  const definition = findObject(type);
  if (definition === undefined) throw notFound(`The requested resource does not exist: sObject type ${type}`);
  return definition;
}

/**
 * `?fields=A,B` of a record read → the columns to include, by API name (case-insensitive). A
 * field the caller may not read does not exist for it.
 */
function columnsOf(caller: Caller, definition: ObjectDef, fieldsParameter: unknown): string[] | undefined {
  if (typeof fieldsParameter !== 'string' || fieldsParameter.trim() === '') return undefined;
  const byApiName = new Map<string, string>([['id', 'id']]);
  for (const [column, field] of Object.entries(definition.fields)) {
    if (mayReadField(caller, definition, column)) byApiName.set(field.apiName.toLowerCase(), column);
  }
  for (const [apiName, column] of [
    ['createddate', 'created_date'],
    ['createdbyid', 'created_by_id'],
    ['lastmodifieddate', 'last_modified_date'],
    ['lastmodifiedbyid', 'last_modified_by_id'],
    ['systemmodstamp', 'system_modstamp'],
  ] as const) {
    byApiName.set(apiName, column);
  }
  return fieldsParameter.split(',').map((name) => {
    const column = byApiName.get(name.trim().toLowerCase());
    if (column === undefined) {
      throw new ApiError(
        'INVALID_FIELD',
        400,
        `No such column '${name.trim()}' on sobject of type ${definition.name}`,
        [name.trim()],
      );
    }
    return column;
  });
}

// Salesforce's default password policy: at least 8 characters, letters and numbers.
function assertPasswordPolicy(password: unknown): asserts password is string {
  if (typeof password !== 'string' || password.length < 8 || !/[A-Za-z]/.test(password) || !/\d/.test(password)) {
    throw new ApiError(
      'INVALID_NEW_PASSWORD',
      400,
      'Your password must be at least 8 characters long and contain letters and numbers',
      ['NewPassword'],
    );
  }
}

/** Objects a read may wait on with `Prefer: wait=N` (ADR 0020); others ignore the preference. */
const waitableObjects: ReadonlySet<string> = new Set([
  objects.backgroundOperation.name,
  objects.cartCheckoutSession.name,
]);

export function registerSObjectRoutes(
  app: FastifyInstance,
  store: Store,
  providerSettings: ProviderSettings,
  waits: RecordWaits,
): void {
  const prefix = '/services/data/:version/sobjects';

  app.get(prefix, (request) => {
    const caller = callerOf(request);
    const version = apiVersionOf(request);
    return {
      encoding: 'UTF-8',
      maxBatchSize: 200,
      sobjects: allObjects.map((definition) => summarizeObject(definition, caller, version)),
    };
  });

  app.get<TypeParams>(`${prefix}/:type`, (request) => ({
    objectDescribe: summarizeObject(objectNamed(request.params.type), callerOf(request), apiVersionOf(request)),
    recentItems: [],
  }));

  app.get<TypeParams>(`${prefix}/:type/describe`, (request) =>
    describeObject(objectNamed(request.params.type), callerOf(request), apiVersionOf(request)),
  );

  app.post<TypeParams>(`${prefix}/:type`, async (request, reply) => {
    const definition = objectNamed(request.params.type);
    const id = await createRecord(store, callerOf(request), definition, request.body, providerSettings);
    return reply.status(201).send({ id, success: true, errors: [] });
  });

  app.get<RecordParams & { Querystring: { fields?: unknown } }>(`${prefix}/:type/:id`, async (request, reply) => {
    const definition = objectNamed(request.params.type);
    const caller = callerOf(request);
    const columns = columnsOf(caller, definition, request.query.fields);
    const read = async () =>
      toApiRecord(definition, await readVisibleRow(store.db, caller, definition, request.params.id), {
        apiVersion: apiVersionOf(request),
        ...(columns === undefined ? {} : { columns }),
        isReadable: (column) => mayReadField(caller, definition, column),
      });
    const waitSeconds = waitableObjects.has(definition.name) ? preferredWaitSeconds(request.headers.prefer) : null;
    if (waitSeconds === null) return read();
    const ifNoneMatch = request.headers['if-none-match'];
    const { body, etag } = await waits.readChanged({
      userId: caller.userId,
      recordId: parseIdOf(definition, request.params.id) ?? request.params.id,
      waitSeconds,
      ifNoneMatch,
      read,
    });
    if (waits.isClosed) void reply.header('connection', 'close');
    return reply.header('preference-applied', `wait=${waitSeconds}`).header('etag', etag).send(body);
  });

  app.patch<RecordParams>(`${prefix}/:type/:id`, async (request, reply) => {
    const definition = objectNamed(request.params.type);
    await updateRecord(store, callerOf(request), definition, request.params.id, request.body, providerSettings);
    return reply.status(204).send();
  });

  app.delete<RecordParams>(`${prefix}/:type/:id`, async (request, reply) => {
    const definition = objectNamed(request.params.type);
    await deleteRecord(store, callerOf(request), definition, request.params.id);
    return reply.status(204).send();
  });

  app.post<{ Params: { id: string } }>(`${prefix}/User/:id/password`, async (request, reply) => {
    const caller = callerOf(request);
    const user = await readVisibleRow(store.db, caller, objects.user, request.params.id);
    if (!isAdministrator(caller)) throw readOnlyAccess('Only an administrator can set passwords');
    const body = request.body as { NewPassword?: unknown } | null;
    assertPasswordPolicy(body?.NewPassword);
    await setPassword(store, user.id, body.NewPassword);
    return reply.status(204).send();
  });
}
