/**
 * An error answered by the REST API in Salesforce's shape `[{message, errorCode, fields}]`.
 * The status travels with the error, like CheckoutError's, so no distant switch maps codes.
 */
export class ApiError extends Error {
  readonly errorCode: string;
  readonly httpStatus: number;
  readonly fields: readonly string[];
  /** False for the errors Salesforce answers without a `fields` member. */
  readonly hasFieldsMember: boolean;

  /** `fields` null: the body has no `fields` member at all. */
  constructor(errorCode: string, httpStatus: number, message: string, fields: readonly string[] | null = []) {
    super(message);
    this.name = 'ApiError';
    this.errorCode = errorCode;
    this.httpStatus = httpStatus;
    this.fields = fields ?? [];
    // Salesforce's session error never carries one, however it is built.
    this.hasFieldsMember = fields !== null && errorCode !== 'INVALID_SESSION_ID';
  }

  toBody(): { message: string; errorCode: string; fields?: string[] }[] {
    if (!this.hasFieldsMember) return [{ message: this.message, errorCode: this.errorCode }];
    return [{ message: this.message, errorCode: this.errorCode, fields: [...this.fields] }];
  }
}

export const notFound = (message = 'The requested resource does not exist') => new ApiError('NOT_FOUND', 404, message);

/**
 * A path under no resource — an unknown route, or a version we don't answer
 * (`/services/data/v999.0/…`): Salesforce's answer carries no `fields` member.
 */
export const unknownResource = () => new ApiError('NOT_FOUND', 404, 'The requested resource does not exist', null);

export const invalidSession = () => new ApiError('INVALID_SESSION_ID', 401, 'Session expired or invalid');

export const readOnlyAccess = (message: string) => new ApiError('INSUFFICIENT_ACCESS_OR_READONLY', 400, message);
