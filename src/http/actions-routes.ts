/**
 * Invocable actions: list, describe and invoke the catalog's actions the way Salesforce's
 * `/actions/standard` resource does. A call carries 1 to 200 inputs; they run one after
 * another, in order, each as its own action call; the HTTP status is 200 when any input
 * succeeded, else the documented status of the first failure.
 */
import type { FastifyInstance } from 'fastify';
import type { ActionResult } from '../actions/invoke-action.js';
import { actionCatalog, findAction } from '../actions/catalog.js';
import type { Engine } from '../engine.js';
import { ApiError, notFound } from './api-error.js';
import { callerOf } from './authenticate.js';
import { describeAction } from './describe-action.js';
import type { Metrics } from './metrics.js';

/** Salesforce's limit of inputs per invocable action call. */
export const maxInputsPerCall = 200;

export function inputsOf(body: unknown): Record<string, unknown>[] {
  if (body === undefined) throw new ApiError('JSON_PARSER_ERROR', 400, 'The request body must be JSON');
  if (typeof body !== 'object' || body === null || Array.isArray(body) || !('inputs' in body)) {
    throw new ApiError('INVALID_INPUT', 400, 'The request body must be an object with an "inputs" array', ['inputs']);
  }
  const { inputs } = body;
  if (!Array.isArray(inputs) || inputs.length === 0 || inputs.length > maxInputsPerCall) {
    throw new ApiError('INVALID_INPUT', 400, `"inputs" must be an array of 1 to ${maxInputsPerCall} input objects`, [
      'inputs',
    ]);
  }
  if (!inputs.every((input) => typeof input === 'object' && input !== null && !Array.isArray(input))) {
    throw new ApiError('INVALID_INPUT', 400, 'Each element of "inputs" must be an object of parameter values', [
      'inputs',
    ]);
  }
  return inputs as Record<string, unknown>[];
}

function statusOf(results: readonly ActionResult[]): number {
  if (results.some((result) => result.isSuccess)) return 200;
  return results[0]?.httpStatus ?? 200;
}

export function registerActionsRoutes(app: FastifyInstance, engine: Engine, metrics: Metrics): void {
  app.get('/services/data/:version/actions/standard', () => ({
    actions: actionCatalog.map((action) => ({ name: action.name, label: action.label, type: 'STANDARD' })),
  }));

  app.get<{ Params: { name: string } }>('/services/data/:version/actions/standard/:name', (request) => {
    const action = findAction(request.params.name);
    if (action === undefined) throw notFound(`No action named ${request.params.name}`);
    return describeAction(action);
  });

  app.post<{ Params: { name: string } }>('/services/data/:version/actions/standard/:name', async (request, reply) => {
    const action = findAction(request.params.name);
    if (action === undefined) throw notFound(`No action named ${request.params.name}`);
    const inputs = inputsOf(request.body);
    const caller = callerOf(request);
    const results: ActionResult[] = [];
    for (const input of inputs) {
      const startedMs = performance.now();
      const result = await engine.invoke(action.name, input, caller);
      metrics.recordAction(action.name, result.isSuccess, (performance.now() - startedMs) / 1000);
      results.push(result);
    }
    return reply.status(statusOf(results)).send(results.map(({ httpStatus: _status, ...result }) => result));
  });
}
