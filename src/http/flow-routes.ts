/**
 * Flow definitions and autolaunched flows over REST (SPEC.md section 8):
 * `PUT/GET/DELETE /flows/{ApiName}` and `GET /flows` (administrators and integrators only; the
 * PUT body is the flow's XML), and `POST /actions/custom/flow/{ApiName}` which runs an
 * autolaunched flow once per input in Salesforce's invocable-action result shape.
 */
import type { FastifyInstance } from 'fastify';
import { isInternalCaller, type Caller } from '../access/caller.js';
import { canInvokeActions } from '../access/checks.js';
import type { Engine } from '../engine.js';
import { deactivateFlow, listFlows, readFlowDefinition } from '../flows/flow-definitions.js';
import { hasScreens } from '../flows/flow-model.js';
import { inputsOf } from './actions-routes.js';
import { ApiError, notFound } from './api-error.js';
import { callerOf } from './authenticate.js';
import { createFlowSource } from '../flows/flow-definitions.js';

type NameParams = { Params: { apiName: string } };

function assertMayManageFlows(caller: Caller): void {
  if (!isInternalCaller(caller)) {
    throw new ApiError('INSUFFICIENT_ACCESS_OR_READONLY', 403, 'Only administrators and integrators may manage flows');
  }
}

export function registerFlowRoutes(app: FastifyInstance, engine: Engine): void {
  app.addContentTypeParser(['application/xml', 'text/xml'], { parseAs: 'string' }, (_request, body, done) =>
    done(null, body),
  );
  const prefix = '/services/data/:version/flows';

  app.get(prefix, async (request) => {
    assertMayManageFlows(callerOf(request));
    return { flows: await listFlows(engine.store) };
  });

  app.get<NameParams>(`${prefix}/:apiName`, async (request) => {
    assertMayManageFlows(callerOf(request));
    const flow = await readFlowDefinition(engine.store, request.params.apiName);
    if (flow === null) throw notFound(`No flow named ${request.params.apiName}`);
    return flow;
  });

  app.put<NameParams>(`${prefix}/:apiName`, async (request) => {
    const caller = callerOf(request);
    assertMayManageFlows(caller);
    if (typeof request.body !== 'string' || request.body.trim() === '') {
      throw new ApiError(
        'INVALID_FLOW',
        400,
        'The request body must be the flow metadata XML (Content-Type: application/xml)',
      );
    }
    const [deployed] = await engine.deployFlows(
      [{ apiName: request.params.apiName, xml: request.body }],
      caller.userId,
    );
    return deployed;
  });

  app.delete<NameParams>(`${prefix}/:apiName`, async (request, reply) => {
    assertMayManageFlows(callerOf(request));
    if (!(await deactivateFlow(engine.store, request.params.apiName))) {
      throw notFound(`No flow named ${request.params.apiName}`);
    }
    return reply.status(204).send();
  });

  app.get('/services/data/:version/actions/custom/flow', async () => {
    const source = createFlowSource(engine.store);
    const actions = [];
    for (const summary of await listFlows(engine.store)) {
      if (summary.activeVersion === null) continue;
      const flow = await source.load(summary.apiName);
      if (flow === null || hasScreens(flow.model)) continue;
      actions.push({ name: summary.apiName, label: summary.label, type: 'FLOW' });
    }
    return { actions };
  });

  app.post<NameParams>('/services/data/:version/actions/custom/flow/:apiName', async (request, reply) => {
    const caller = callerOf(request);
    if (!canInvokeActions(caller)) {
      throw new ApiError('INSUFFICIENT_ACCESS_OR_READONLY', 403, "You don't have permission to run flows");
    }
    const inputs = inputsOf(request.body);
    const results = [];
    for (const input of inputs) {
      const run = await engine.flowInterviews.runAutolaunched(caller, request.params.apiName, input);
      results.push({
        actionName: request.params.apiName,
        isSuccess: run.status === 'Finished',
        outputValues: run.status === 'Finished' ? { Flow__InterviewStatus: 'Finished', ...run.outputs } : null,
        errors:
          run.error === null ? [] : [{ statusCode: 'CANNOT_EXECUTE_FLOW_TRIGGER', message: run.error, fields: [] }],
      });
    }
    return reply.status(results.every((result) => result.isSuccess) ? 200 : 400).send(results);
  });
}
