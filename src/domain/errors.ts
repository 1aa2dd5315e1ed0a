/**
 * The one error type of the engine. Actions throw it; the HTTP layer renders it in the
 * Salesforce shapes. The HTTP status travels with the error because the contract gives the
 * same errorCode different statuses in different actions (SPEC.md section 4).
 */

export const errorCodes = [
  'BAD_REQUEST',
  'UNKNOWN_EXCEPTION',
  'INSUFFICIENT_ACCESS_OR_READONLY',
  'INVALID_OPERATION',
  'ALREADY_IN_PROCESS',
  'EXPECTED_STATE_MISMATCH',
  'INVALID_INPUT',
  'REQUIRED_FIELD_MISSING',
  'INVALID_TYPE',
  'NOT_FOUND',
  'MALFORMED_QUERY',
  'INVALID_FIELD',
  'INVALID_QUERY_LOCATOR',
  'NUMBER_OUTSIDE_VALID_RANGE',
  'QUERY_TIMEOUT',
  'QUERY_TOO_COMPLICATED',
  'INVALID_FLOW',
  'INTERVIEW_VERSION_MISMATCH',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export type HttpStatus = 400 | 401 | 403 | 404 | 405 | 409 | 415 | 500;

export class CheckoutError extends Error {
  readonly errorCode: ErrorCode;
  readonly httpStatus: HttpStatus;
  readonly fields: readonly string[];

  constructor(
    errorCode: ErrorCode,
    httpStatus: HttpStatus,
    message: string,
    fields: readonly string[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CheckoutError';
    this.errorCode = errorCode;
    this.httpStatus = httpStatus;
    this.fields = fields;
  }

  /** The error element of an invocable action result. */
  toActionError(): { statusCode: ErrorCode; message: string; fields: string[] } {
    return { statusCode: this.errorCode, message: this.message, fields: [...this.fields] };
  }
}

export function isCheckoutError(value: unknown): value is CheckoutError {
  return value instanceof CheckoutError;
}
