/**
 * The flow part of the OpenAPI document (SPEC.md section 8): flow definitions, interviews and
 * autolaunched flows run as custom actions. The shapes mirror what flow-routes.ts and
 * flow-interview-routes.ts send (DeployedFlow, FlowSummary, InterviewView, ScreenView); the
 * error responses name the errorCodes those routes and the flow runtime throw.
 */
type Schema = Record<string, unknown>;

/** What the document's builder shares with this part (openapi.ts). */
export interface OpenApiParts {
  readonly base: string;
  readonly versionParameter: Schema;
  readonly ref: (name: string) => Schema;
  readonly json: (schema: Schema) => Schema;
  readonly errorsResponse: (description: string) => Schema;
}

const nullable = (type: string) => ({ type: [type, 'null'] });

export const flowSchemas: Record<string, Schema> = {
  FlowSummary: {
    type: 'object',
    properties: {
      apiName: { type: 'string' },
      label: { type: 'string' },
      processType: { type: 'string', examples: ['CheckoutFlow', 'Flow', 'AutoLaunchedFlow'] },
      activeVersion: { ...nullable('integer'), description: 'null once deactivated' },
      latestVersion: { type: 'integer' },
    },
  },
  FlowDefinition: {
    type: 'object',
    properties: {
      apiName: { type: 'string' },
      label: { type: 'string' },
      processType: { type: 'string' },
      activeVersion: nullable('integer'),
      versions: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            version: { type: 'integer' },
            isActive: { type: 'boolean' },
            createdDate: { type: 'string', format: 'date-time' },
          },
        },
      },
      xml: { type: 'string', description: 'The metadata XML of the active version (else the latest)' },
    },
  },
  DeployedFlow: {
    type: 'object',
    properties: {
      apiName: { type: 'string' },
      version: { type: 'integer', description: 'The new version, now the active one' },
      processType: { type: 'string' },
      warnings: { type: 'array', items: { type: 'string' } },
    },
  },
  FlowScreen: {
    type: 'object',
    properties: {
      name: { type: 'string' },
      label: { type: 'string' },
      allowBack: { type: 'boolean' },
      allowFinish: { type: 'boolean' },
      allowPause: { type: 'boolean' },
      fields: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            name: { type: 'string' },
            type: { enum: ['DisplayText', 'InputField', 'Component'] },
            component: { ...nullable('string'), description: 'The extensionName of a Component field' },
            label: nullable('string'),
            html: { ...nullable('string'), description: 'A DisplayText field with its merge fields resolved' },
            inputs: { ...nullable('object'), description: "What the component's adapter shows (docs/flows.md)" },
            required: { type: 'boolean' },
          },
        },
      },
    },
  },
  FlowInterview: {
    type: 'object',
    properties: {
      id: { type: 'string' },
      flowApiName: { type: 'string' },
      flowVersion: { type: 'integer' },
      status: { enum: ['Paused', 'Finished', 'Error'] },
      version: { type: 'integer', description: 'Named by the next navigate (a stale one: 409)' },
      screen: { oneOf: [{ $ref: '#/components/schemas/FlowScreen' }, { type: 'null' }] },
      outputs: { type: 'object' },
      error: { ...nullable('string'), description: 'Why the interview ended in Error' },
      redirect: {
        oneOf: [
          {
            type: 'object',
            properties: { pageName: { type: 'string' }, recordId: nullable('string') },
          },
          { type: 'null' },
        ],
      },
    },
  },
};

export function flowPaths({ base, versionParameter, ref, json, errorsResponse }: OpenApiParts): Record<string, Schema> {
  const apiName = { name: 'apiName', in: 'path', required: true, schema: { type: 'string' } };
  const id = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
  const forbidden = errorsResponse('INSUFFICIENT_ACCESS_OR_READONLY: administrators and integrators only');
  const interview = { description: 'The interview', ...json(ref('FlowInterview')) };
  return {
    [`${base}/flows`]: {
      parameters: [versionParameter],
      get: {
        summary: 'List deployed flows',
        responses: {
          200: {
            description: 'Every flow',
            ...json({ type: 'object', properties: { flows: { type: 'array', items: ref('FlowSummary') } } }),
          },
          403: forbidden,
        },
      },
    },
    [`${base}/flows/{apiName}`]: {
      parameters: [versionParameter, apiName],
      get: {
        summary: "A flow's versions and the XML of its active version",
        responses: {
          200: { description: 'The flow', ...json(ref('FlowDefinition')) },
          403: forbidden,
          404: errorsResponse('NOT_FOUND: no flow of that name'),
        },
      },
      put: {
        summary: 'Deploy a new version of a flow (it becomes the active one)',
        requestBody: {
          required: true,
          content: {
            'application/xml': { schema: { type: 'string', description: 'Salesforce Flow metadata XML' } },
            'text/xml': { schema: { type: 'string' } },
          },
        },
        responses: {
          200: { description: 'Deployed', ...json(ref('DeployedFlow')) },
          400: errorsResponse(
            'INVALID_FLOW: an empty body, or the flow uses something unsupported or references a missing ' +
              'element, variable, field, subflow, action or component (the message names it and its line)',
          ),
          403: forbidden,
          415: errorsResponse('A body that is not XML'),
        },
      },
      delete: {
        summary: 'Deactivate a flow (running interviews continue)',
        responses: { 204: { description: 'Deactivated' }, 403: forbidden, 404: errorsResponse('NOT_FOUND') },
      },
    },
    [`${base}/actions/custom/flow`]: {
      parameters: [versionParameter],
      get: {
        summary: 'List the active flows without screens, runnable as actions',
        responses: {
          200: {
            description: 'Flow actions',
            ...json({
              type: 'object',
              properties: {
                actions: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: { name: { type: 'string' }, label: { type: 'string' }, type: { const: 'FLOW' } },
                  },
                },
              },
            }),
          },
        },
      },
    },
    [`${base}/actions/custom/flow/{apiName}`]: {
      parameters: [versionParameter, apiName],
      post: {
        summary: 'Run an autolaunched flow once per input',
        requestBody: json({
          type: 'object',
          required: ['inputs'],
          properties: {
            inputs: {
              type: 'array',
              minItems: 1,
              maxItems: 200,
              items: { type: 'object', description: "The flow's input variables by name" },
            },
          },
        }),
        responses: {
          200: {
            description: 'Every run finished; outputValues has Flow__InterviewStatus and the output variables',
            ...json({ type: 'array', items: ref('ActionResult') }),
          },
          400: {
            description:
              'A run ended in Error (the results, errors[].statusCode CANNOT_EXECUTE_FLOW_TRIGGER), or the ' +
              'request was refused: JSON_PARSER_ERROR, INVALID_INPUT (inputs), INVALID_OPERATION (a flow with screens)',
            ...json({ oneOf: [{ type: 'array', items: ref('ActionResult') }, ref('Errors')] }),
          },
          403: errorsResponse('INSUFFICIENT_ACCESS_OR_READONLY: the caller may not run flows'),
          404: errorsResponse('NOT_FOUND: no active flow of that name'),
        },
      },
    },
    [`${base}/flow-interviews`]: {
      parameters: [versionParameter],
      post: {
        summary: 'Start a screen flow interview as the caller',
        requestBody: json({
          type: 'object',
          required: ['flowApiName'],
          properties: {
            flowApiName: { type: 'string' },
            inputs: { type: 'object', description: "The flow's input variables by name, e.g. cartId" },
          },
        }),
        responses: {
          201: {
            description: 'Started: the interview on its first screen (or already ended)',
            ...json(ref('FlowInterview')),
          },
          400: errorsResponse('JSON_PARSER_ERROR, REQUIRED_FIELD_MISSING (flowApiName), INVALID_INPUT (inputs)'),
          403: errorsResponse('INSUFFICIENT_ACCESS_OR_READONLY: the caller may not run flows'),
          404: errorsResponse('NOT_FOUND: no active flow of that name'),
        },
      },
    },
    [`${base}/flow-interviews/{id}`]: {
      parameters: [
        versionParameter,
        id,
        {
          name: 'wait',
          in: 'query',
          required: false,
          description: 'Seconds (at most 25) to wait for the interview to move; a wait screen advances by itself',
          schema: { type: 'number', minimum: 0, maximum: 25 },
        },
      ],
      get: {
        summary: 'Read an interview (long-poll with wait)',
        responses: {
          200: interview,
          404: errorsResponse('NOT_FOUND: no interview of that id started by the caller'),
        },
      },
    },
    [`${base}/flow-interviews/{id}/navigate`]: {
      parameters: [versionParameter, id],
      post: {
        summary: 'Move an interview from its screen',
        requestBody: json({
          type: 'object',
          required: ['version'],
          properties: {
            action: { enum: ['NEXT', 'BACK', 'PAUSE', 'FINISH'], default: 'NEXT' },
            version: { type: 'integer', description: 'The interview version last read' },
            fields: {
              type: 'object',
              description: "Per screen field: {value} for an InputField, the component's outputs for a Component",
            },
          },
        }),
        responses: {
          200: interview,
          400: errorsResponse(
            'JSON_PARSER_ERROR, INVALID_INPUT (action, fields, a value a component refuses), ' +
              'REQUIRED_FIELD_MISSING (version, a required field), INVALID_OPERATION (the interview ended, or ' +
              'the screen does not allow BACK or PAUSE)',
          ),
          404: errorsResponse('NOT_FOUND: no interview of that id started by the caller'),
          409: errorsResponse('INTERVIEW_VERSION_MISMATCH: another request moved the interview; nothing changed'),
        },
      },
    },
  };
}
