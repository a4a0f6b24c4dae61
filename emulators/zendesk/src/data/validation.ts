/**
 * Validation failures in Zendesk's `details` shape: per attribute, a list of
 * `{description, error}` (§5, §12), which the API answers as 422 RecordInvalid.
 */
export interface FieldError {
  description: string;
  error: string;
  field_key?: string;
}

export type FieldErrors = Record<string, FieldError[]>;

export type Result<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

export const success = <T>(value: T): Result<T> => ({ ok: true, value });
export const failure = <T>(errors: FieldErrors): Result<T> => ({ ok: false, errors });

export function addError(errors: FieldErrors, attribute: string, error: FieldError): void {
  (errors[attribute] ??= []).push(error);
}

export const blank = (label: string): FieldError => ({ description: `${label}: cannot be blank`, error: 'BlankValue' });
export const taken = (label: string, value: string): FieldError => ({ description: `${label}: ${value} has already been taken`, error: 'DuplicateValue' });
export const invalid = (label: string, value: string): FieldError => ({ description: `${label}: ${value} is not valid`, error: 'InvalidValue' });
