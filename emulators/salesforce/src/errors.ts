/**
 * REST API errors (fact sheet §8, §18): the body is always a JSON array of
 * `{"message","errorCode","fields"?}`; `fields` is present on DML errors only. Thrown from deep in
 * validation or the SOQL engine and turned into a response by the API wrapper.
 */
export interface ApiErrorItem {
  message: string;
  errorCode: string;
  fields?: string[];
}

export class SalesforceApiError extends Error {
  readonly status: number;
  readonly items: ApiErrorItem[];

  constructor(status: number, items: ApiErrorItem[]) {
    super(items.map((item) => `${item.errorCode}: ${item.message}`).join('; '));
    this.status = status;
    this.items = items;
  }
}

/** The documented body for any unknown resource, record or object (§14, §18). */
export function notFound(): SalesforceApiError {
  return new SalesforceApiError(404, [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]);
}

/** A DML failure (create, update, upsert, delete): 400 with the `fields` it concerns. */
export function dmlError(errorCode: string, message: string, fields: string[] = []): SalesforceApiError {
  return new SalesforceApiError(400, [{ message, errorCode, fields }]);
}

/** A request error without `fields` (query and body-parsing failures). */
export function badRequest(errorCode: string, message: string): SalesforceApiError {
  return new SalesforceApiError(400, [{ message, errorCode }]);
}

/** How Salesforce words a field it does not know in a write (§13) — unlike the SOQL message (§18). */
export function noSuchColumnOnSobject(field: string, objectName: string): SalesforceApiError {
  return badRequest('INVALID_FIELD', `No such column '${field}' on sobject of type ${objectName}`);
}

/** The SOQL and `?fields=` wording (§17, §18). */
export function noSuchColumnMessage(field: string, objectName: string): string {
  return `No such column '${field}' on entity '${objectName}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`;
}
