/**
 * The OpenAPI 3.1 document, generated from what validates: each action's input from its zod
 * schema (`z.toJSONSchema`), each sObject from the registry. Nothing here is written by hand
 * twice, so the document cannot drift from the server.
 */
import { actionCatalog } from '../actions/catalog.js';
import type { FieldKind } from '../records/fields.js';
import { allObjects } from '../records/registry.js';
import { latestApiVersion } from './api-versions.js';
import { inputJsonSchemaOf } from './describe-action.js';
import { fieldShapesOf } from './describe-object.js';
import { flowPaths, flowSchemas } from './openapi-flows.js';

type Schema = Record<string, unknown>;

const jsonTypes: Record<FieldKind | 'id', Schema> = {
  id: { type: 'string', minLength: 15, maxLength: 18 },
  reference: { type: 'string', minLength: 15, maxLength: 18 },
  string: { type: 'string' },
  textarea: { type: 'string' },
  email: { type: 'string', format: 'email' },
  picklist: { type: 'string' },
  boolean: { type: 'boolean' },
  int: { type: 'integer' },
  double: { type: 'number' },
  currency: { type: 'number', multipleOf: 0.01, maximum: 999_999_999_999.99, minimum: -999_999_999_999.99 },
  quantity: { type: 'number', multipleOf: 0.0001, maximum: 1_000_000_000, minimum: -1_000_000_000 },
  date: { type: 'string', format: 'date' },
  datetime: { type: 'string', description: 'Salesforce date-time, e.g. 2026-11-22T18:02:42.000+0000' },
};

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Schema) => ({ content: { 'application/json': { schema } } });
const errorsResponse = (description: string) => ({ description, ...json(ref('Errors')) });
const versionParameter = {
  name: 'version',
  in: 'path',
  required: true,
  schema: { type: 'string', pattern: '^\\d+\\.0$', default: `${latestApiVersion}.0` },
};
const base = '/services/data/v{version}';

function recordSchema(definition: (typeof allObjects)[number]): Schema {
  const properties: Record<string, Schema> = {};
  for (const field of fieldShapesOf(definition)) {
    properties[field.apiName] = {
      ...jsonTypes[field.kind],
      ...(field.length !== undefined && field.kind !== 'id' && field.kind !== 'reference'
        ? { maxLength: field.length }
        : {}),
      ...(field.picklist === undefined ? {} : { enum: [...field.picklist] }),
      ...(field.createable || field.updateable ? {} : { readOnly: true }),
      ...(field.nillable ? { type: [jsonTypes[field.kind].type, 'null'] } : {}),
    };
  }
  return { type: 'object', title: definition.label, properties };
}

function actionPaths(): Record<string, Schema> {
  const paths: Record<string, Schema> = {};
  for (const action of actionCatalog) {
    const { $schema: _ignored, ...input } = inputJsonSchemaOf(action);
    paths[`${base}/actions/standard/${action.name}`] = {
      parameters: [versionParameter],
      get: { summary: `Describe ${action.name}`, responses: { 200: { description: 'The action describe' } } },
      post: {
        summary: action.label,
        description: action.description,
        requestBody: json({
          type: 'object',
          required: ['inputs'],
          properties: { inputs: { type: 'array', minItems: 1, maxItems: 200, items: input } },
        }),
        responses: {
          200: { description: 'At least one input succeeded', ...json({ type: 'array', items: ref('ActionResult') }) },
          default: {
            description: 'Every input failed: the documented status of the first failure',
            ...json({ type: 'array', items: ref('ActionResult') }),
          },
        },
      },
    };
  }
  return paths;
}

function sObjectPaths(): Record<string, Schema> {
  const paths: Record<string, Schema> = {};
  for (const definition of allObjects) {
    const record = ref(definition.name);
    const collection = `${base}/sobjects/${definition.name}`;
    paths[collection] = {
      parameters: [versionParameter],
      get: { summary: `${definition.label}: basic information`, responses: { 200: { description: 'Object info' } } },
      ...(definition.isReadOnly === true
        ? {}
        : {
            post: {
              summary: `Create a ${definition.label}`,
              requestBody: json(record),
              responses: {
                201: { description: 'Created', ...json(ref('SaveResult')) },
                400: errorsResponse('A field value was refused'),
              },
            },
          }),
    };
    paths[`${collection}/{id}`] = {
      parameters: [versionParameter, { name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
      get: {
        summary: `Read a ${definition.label}`,
        responses: { 200: { description: 'The record', ...json(record) }, 404: errorsResponse('No such record') },
      },
      ...(definition.isReadOnly === true
        ? {}
        : {
            patch: {
              summary: `Update a ${definition.label}`,
              requestBody: json(record),
              responses: {
                204: { description: 'Updated' },
                400: errorsResponse('Refused'),
                404: errorsResponse('No such record'),
              },
            },
            delete: {
              summary: `Delete a ${definition.label}`,
              responses: { 204: { description: 'Deleted' }, 404: errorsResponse('No such record') },
            },
          }),
    };
  }
  return paths;
}

export function buildOpenApiDocument(): Schema {
  const records = Object.fromEntries(allObjects.map((definition) => [definition.name, recordSchema(definition)]));
  return {
    openapi: '3.1.0',
    info: { title: 'b2b-checkout REST API', version: `${latestApiVersion}.0` },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
        ...records,
        Errors: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              message: { type: 'string' },
              errorCode: { type: 'string' },
              fields: { type: 'array', items: { type: 'string' } },
            },
          },
        },
        ActionResult: {
          type: 'object',
          properties: {
            actionName: { type: 'string' },
            isSuccess: { type: 'boolean' },
            outputValues: { type: ['object', 'null'] },
            errors: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  statusCode: { type: 'string' },
                  message: { type: 'string' },
                  fields: { type: 'array', items: { type: 'string' } },
                },
              },
            },
          },
        },
        SaveResult: {
          type: 'object',
          properties: { id: { type: 'string' }, success: { type: 'boolean' }, errors: { type: 'array' } },
        },
        ...flowSchemas,
      },
    },
    security: [{ bearer: [] }],
    paths: {
      '/services/oauth2/token': {
        post: {
          summary: 'Username-password OAuth grant',
          security: [],
          requestBody: {
            content: {
              'application/x-www-form-urlencoded': {
                schema: {
                  type: 'object',
                  required: ['grant_type', 'username', 'password'],
                  properties: {
                    grant_type: { const: 'password' },
                    username: { type: 'string' },
                    password: { type: 'string' },
                  },
                },
              },
            },
          },
          responses: {
            200: { description: 'An access token (Cache-Control: no-store)' },
            400: {
              description:
                'invalid_grant (wrong credentials, or too many failed attempts: see Retry-After); ' +
                'invalid_request (password or client_secret in the query string)',
            },
          },
        },
      },
      '/services/oauth2/userinfo': {
        get: {
          summary: 'OpenID Connect user info of the token’s user',
          responses: {
            200: { description: 'User info' },
            403: { description: 'Missing_OAuth_Token, Bad_OAuth_Token' },
          },
        },
      },
      '/id/{organizationId}/{userId}': {
        parameters: [
          { name: 'organizationId', in: 'path', required: true, schema: { type: 'string' } },
          { name: 'userId', in: 'path', required: true, schema: { type: 'string' } },
        ],
        get: {
          summary: 'The identity URL of a token response (the token’s own user only)',
          responses: {
            200: { description: 'Identity' },
            403: { description: 'Missing_OAuth_Token, Bad_OAuth_Token, Wrong_Org' },
            404: { description: 'Bad_Id' },
          },
        },
      },
      '/services/Soap/u/{version}': {
        parameters: [{ name: 'version', in: 'path', required: true, schema: { type: 'string', example: '60.0' } }],
        post: {
          summary: 'SOAP partner API: the login operation only',
          security: [],
          requestBody: { content: { 'text/xml': { schema: { type: 'string' } } } },
          responses: {
            200: { description: 'LoginResult (sessionId is an access token)' },
            500: { description: 'SOAP fault: sf:INVALID_LOGIN, soapenv:Client (any other operation)' },
          },
        },
      },
      [`${base}/query`]: {
        parameters: [
          versionParameter,
          { name: 'q', in: 'query', required: true, schema: { type: 'string' } },
          { name: 'columns', in: 'query', required: false, schema: { const: 'true' } },
        ],
        get: {
          summary: 'Run a SOQL query (with columns=true: its column metadata)',
          responses: { 200: { description: 'Records' }, 400: errorsResponse('Bad query') },
        },
      },
      ...actionPaths(),
      ...flowPaths({ base, versionParameter, ref, json, errorsResponse }),
      ...sObjectPaths(),
    },
  };
}
