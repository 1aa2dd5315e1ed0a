/**
 * Flow interviews over REST (SPEC.md section 8): `POST /flow-interviews` starts one as the
 * caller, `GET /flow-interviews/{id}[?wait=S]` reads it (long-polling up to 25 s for it to
 * move), `POST /flow-interviews/{id}/navigate` moves it with the version the client last saw
 * (a stale version → 409 INTERVIEW_VERSION_MISMATCH, nothing changes).
 */
import type { FastifyInstance } from 'fastify';
import { canInvokeActions } from '../access/checks.js';
import type { Engine } from '../engine.js';
import type { NavigateAction } from '../flows/navigate-interview.js';
import { ApiError } from './api-error.js';
import { callerOf } from './authenticate.js';

type IdParams = { Params: { id: string } };

const actions = new Set<NavigateAction>(['NEXT', 'BACK', 'PAUSE', 'FINISH']);

function objectBody(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ApiError('JSON_PARSER_ERROR', 400, 'The request body must be a JSON object');
  }
  return body as Record<string, unknown>;
}

function objectMember(body: Record<string, unknown>, name: string): Record<string, unknown> {
  const value = body[name] ?? {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ApiError('INVALID_INPUT', 400, `"${name}" must be an object`, [name]);
  }
  return value as Record<string, unknown>;
}

export function registerFlowInterviewRoutes(app: FastifyInstance, engine: Engine): void {
  const prefix = '/services/data/:version/flow-interviews';

  app.post(prefix, async (request, reply) => {
    const caller = callerOf(request);
    if (!canInvokeActions(caller)) {
      throw new ApiError('INSUFFICIENT_ACCESS_OR_READONLY', 403, "You don't have permission to run flows");
    }
    const body = objectBody(request.body);
    if (typeof body.flowApiName !== 'string' || body.flowApiName === '') {
      throw new ApiError('REQUIRED_FIELD_MISSING', 400, 'flowApiName is required', ['flowApiName']);
    }
    const interview = await engine.flowInterviews.start(caller, body.flowApiName, objectMember(body, 'inputs'));
    return reply.status(201).send(interview);
  });

  app.get<IdParams & { Querystring: { wait?: string } }>(`${prefix}/:id`, (request) => {
    const wait = Number(request.query.wait ?? 0);
    return engine.flowInterviews.read(callerOf(request), request.params.id, Number.isFinite(wait) ? wait : 0);
  });

  app.post<IdParams>(`${prefix}/:id/navigate`, (request) => {
    const body = objectBody(request.body);
    const action = (typeof body.action === 'string' ? body.action : 'NEXT').toUpperCase() as NavigateAction;
    if (!actions.has(action)) {
      throw new ApiError('INVALID_INPUT', 400, 'action must be NEXT, BACK, PAUSE or FINISH', ['action']);
    }
    if (typeof body.version !== 'number' || !Number.isInteger(body.version)) {
      throw new ApiError('REQUIRED_FIELD_MISSING', 400, 'version (the interview version last read) is required', [
        'version',
      ]);
    }
    return engine.flowInterviews.navigate(callerOf(request), request.params.id, {
      action,
      version: body.version,
      fields: objectMember(body, 'fields'),
    });
  });
}
