import { Validator, type OutputUnit, type Schema } from '@cfworker/json-schema';
import { toErrorSchema, validationDataMerge, createErrorHandler, unwrapErrorHandler, type CustomValidator, type ErrorTransformer, type RJSFSchema, type UiSchema, type ValidationData, type ValidatorType } from '@rjsf/utils';
import { toRjsfErrors } from './error-messages.ts';

/**
 * rjsf's validator over @cfworker/json-schema. rjsf's usual validator (ajv) compiles schemas with
 * `new Function`, which the page's Content-Security-Policy forbids (no 'unsafe-eval'); cfworker
 * interprets the schema instead. Validators are cached per schema object: rjsf asks `isValid` many
 * times over the same sub-schemas while it picks anyOf/oneOf options.
 */
const cache = new WeakMap<object, Validator>();

/**
 * The same JSON schema under cfworker's type. The two typings disagree on details (cfworker's `not`
 * takes no boolean schema) that cfworker handles at run time; a schema object is what it needs.
 */
const isObjectSchema = (schema: unknown): schema is Schema => typeof schema === 'object' && schema !== null && !Array.isArray(schema);
function asCfworkerSchema(schema: unknown): Schema | boolean {
  return isObjectSchema(schema) ? schema : schema === true;
}

function validatorFor(schema: RJSFSchema): Validator {
  let validator = cache.get(schema);
  if (!validator) {
    // A copy: cfworker annotates the schema objects it dereferences, and these belong to the query cache.
    validator = new Validator(asCfworkerSchema(structuredClone(schema)), '2020-12', false);
    cache.set(schema, validator);
  }
  return validator;
}

/** A sub-schema rjsf checks on its own still needs the root's definitions for its `$ref`s. */
function withRootDefinitions(schema: RJSFSchema, root: RJSFSchema): RJSFSchema {
  if (schema === root || (!root.$defs && !root.definitions)) return schema;
  return { ...schema, $defs: { ...root.$defs, ...schema.$defs }, definitions: { ...root.definitions, ...schema.definitions } };
}
const rootCache = new WeakMap<object, WeakMap<object, RJSFSchema>>();
function combined(schema: RJSFSchema, root: RJSFSchema): RJSFSchema {
  let bySchema = rootCache.get(root);
  if (!bySchema) rootCache.set(root, (bySchema = new WeakMap()));
  let result = bySchema.get(schema);
  if (!result) bySchema.set(schema, (result = withRootDefinitions(schema, root)));
  return result;
}

export const cfworkerValidator: ValidatorType = {
  validateFormData(
    formData: unknown,
    schema: RJSFSchema,
    customValidate?: CustomValidator,
    transformErrors?: ErrorTransformer,
    uiSchema?: UiSchema,
  ): ValidationData<unknown> {
    const { errors: raw, validationError } = this.rawValidation<OutputUnit>(schema, formData);
    let errors = toRjsfErrors(raw ?? [], asCfworkerSchema(schema));
    if (validationError) errors.push({ name: 'schema', message: validationError.message, stack: validationError.message });
    if (transformErrors) errors = transformErrors(errors, uiSchema);
    const errorSchema = toErrorSchema(errors);
    if (!customValidate) return { errors, errorSchema };
    const handler = customValidate(formData, createErrorHandler(formData), uiSchema, errorSchema);
    return validationDataMerge({ errors, errorSchema }, unwrapErrorHandler(handler));
  },

  isValid(schema: RJSFSchema, formData: unknown, rootSchema: RJSFSchema): boolean {
    try {
      return validatorFor(combined(schema, rootSchema)).validate(formData).valid;
    } catch {
      return false;
    }
  },

  rawValidation<Result>(schema: RJSFSchema, formData?: unknown): { errors?: Result[]; validationError?: Error } {
    try {
      const result = validatorFor(schema).validate(formData);
      // Result is the caller's name for cfworker's OutputUnit (rjsf leaves it open).
      return { errors: result.errors as Result[] };
    } catch (err) {
      return { validationError: err instanceof Error ? err : new Error(String(err)) };
    }
  },
};
