// Salesforce-shaped errors: REST answers a JSON array of {message, errorCode, fields}; per-record results carry
// {statusCode, message, fields}. One class carries both so the store and the routes agree.

export interface RecordError {
  statusCode: string;
  message: string;
  fields: string[];
}

export class ApiError extends Error {
  public constructor(
    public readonly status: number,
    public readonly errorCode: string,
    message: string,
    public readonly fields: string[] = [],
  ) {
    super(message);
    this.name = errorCode;
  }

  public toBody(): { message: string; errorCode: string; fields?: string[] }[] {
    return [{ message: this.message, errorCode: this.errorCode, ...(this.fields.length > 0 ? { fields: this.fields } : {}) }];
  }

  public toRecordError(): RecordError {
    return { statusCode: this.errorCode, message: this.message, fields: this.fields };
  }
}

export const notFound = (): ApiError => new ApiError(404, 'NOT_FOUND', 'The requested resource does not exist');

export const invalidType = (name: string): ApiError =>
  new ApiError(400, 'INVALID_TYPE', `sObject type '${name}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`);

export const malformedQuery = (message: string): ApiError => new ApiError(400, 'MALFORMED_QUERY', message);
