import Type from 'typebox';
import { DefinitionDocument } from '@patchbay/engine';

// No maxLength: an id of any length that does not exist is a 404, not a validation error.
export const RecipeParams = Type.Object({ id: Type.String({ minLength: 1, description: 'Recipe id, e.g. rcp_…' }) });
export const JobParams = Type.Object({ id: Type.String({ minLength: 1, description: 'Job id, e.g. job_…' }) });

/**
 * The recipe definition is validated by the engine (schema, connectors, mapping references), which
 * reports every problem with its location in `error.details`; the route only requires an object,
 * so the rules live in one place. The document shows the full schema (`RecipeDefinition`).
 */
export const DefinitionBody = Type.Record(Type.String(), Type.Unknown(), {
  ...DefinitionDocument,
  description: 'Invalid definitions are refused with 400 invalid_input, each problem and its location in error.details.',
});
