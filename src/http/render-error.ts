/**
 * Every failure becomes a Salesforce-shaped answer. Known errors (ours, the engine's, the
 * record mapping's, the query module's, Fastify's request errors) keep their code and status;
 * anything else is logged with its cause and answered UNKNOWN_EXCEPTION 500 — a stack trace
 * never reaches a client.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CheckoutError } from '../domain/errors.js';
import { FieldValueError } from '../records/from-api-values.js';
import type { AllowedMethods } from './allowed-methods.js';
import { ApiError, unknownResource } from './api-error.js';

/** Fastify's own request errors, by code: the status and code a Salesforce client expects. */
const fastifyErrors: Readonly<Record<string, { status: number; errorCode: string; message?: string }>> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, errorCode: 'UNSUPPORTED_MEDIA_TYPE' },
  FST_ERR_CTP_BODY_TOO_LARGE: {
    status: 413,
    errorCode: 'REQUEST_ENTITY_TOO_LARGE',
    message: 'The request body is larger than allowed',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, errorCode: 'JSON_PARSER_ERROR', message: 'The request body is empty' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, errorCode: 'JSON_PARSER_ERROR' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, errorCode: 'JSON_PARSER_ERROR' },
};

/** Errors of other modules that carry a Salesforce code and status (the query module's). */
function isCodedError(error: unknown): error is { errorCode: string; httpStatus: number; message: string } {
  if (typeof error !== 'object' || error === null) return false;
  const candidate = error as Record<string, unknown>;
  return (
    typeof candidate.errorCode === 'string' &&
    typeof candidate.httpStatus === 'number' &&
    typeof candidate.message === 'string'
  );
}

export function toApiError(error: unknown): ApiError | null {
  if (error instanceof ApiError) return error;
  if (error instanceof CheckoutError) {
    return new ApiError(error.errorCode, error.httpStatus, error.message, error.fields);
  }
  if (error instanceof FieldValueError) return new ApiError(error.errorCode, 400, error.message, error.fields);
  if (isCodedError(error)) {
    const fields = (error as { fields?: unknown }).fields;
    return new ApiError(
      error.errorCode,
      error.httpStatus,
      error.message,
      Array.isArray(fields) ? fields.map(String) : [],
    );
  }
  const code = (error as Partial<FastifyError> | null)?.code;
  const known = code === undefined ? undefined : fastifyErrors[code];
  if (known !== undefined) {
    return new ApiError(known.errorCode, known.status, known.message ?? (error as Error).message);
  }
  return null;
}

export function installErrorHandling(app: FastifyInstance, allowedMethods: AllowedMethods): void {
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const known = toApiError(error);
    if (known !== null) {
      if (known.httpStatus >= 500) request.log.error({ err: error }, 'request failed');
      return reply.status(known.httpStatus).send(known.toBody());
    }
    request.log.error({ err: error }, 'unexpected error');
    return reply
      .status(500)
      .send(new ApiError('UNKNOWN_EXCEPTION', 500, 'An unexpected error occurred; it has been logged').toBody());
  });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const allowed = allowedMethods.of(path);
    if (allowed.length > 0) {
      const error = new ApiError(
        'METHOD_NOT_ALLOWED',
        405,
        `HTTP Method '${request.method}' not allowed. Allowed are ${allowed.join(',')}`,
      );
      return reply.status(405).header('allow', allowed.join(', ')).send(error.toBody());
    }
    return reply.status(404).send(unknownResource().toBody());
  });
}
