/**
 * An error answered by the REST API in Salesforce's shape `[{message, errorCode, fields}]`.
 * The status travels with the error, like CheckoutError's, so no distant switch maps codes.
 */
export class ApiError extends Error {
  readonly errorCode: string;
  readonly httpStatus: number;
  readonly fields: readonly string[];

  constructor(errorCode: string, httpStatus: number, message: string, fields: readonly string[] = []) {
    super(message);
    this.name = 'ApiError';
    this.errorCode = errorCode;
    this.httpStatus = httpStatus;
    this.fields = fields;
  }

  toBody(): { message: string; errorCode: string; fields?: string[] }[] {
    // Salesforce's session error carries no fields member; every other error does.
    if (this.errorCode === 'INVALID_SESSION_ID') return [{ message: this.message, errorCode: this.errorCode }];
    return [{ message: this.message, errorCode: this.errorCode, fields: [...this.fields] }];
  }
}

export const notFound = (message = 'The requested resource does not exist') => new ApiError('NOT_FOUND', 404, message);

export const invalidSession = () => new ApiError('INVALID_SESSION_ID', 401, 'Session expired or invalid');

export const readOnlyAccess = (message: string) => new ApiError('INSUFFICIENT_ACCESS_OR_READONLY', 400, message);
