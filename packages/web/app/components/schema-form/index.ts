export { SchemaForm, type SchemaFormProps } from './schema-form.tsx';
export type { FieldError } from './field-errors.ts';
