/*
 * The Patchbay API client: openapi-fetch over the types openapi-typescript generates from the live
 * OpenAPI document (api.ts). Used by the CLI and the web UI, so nothing here may need Node.js; the
 * generator (generate.ts) is not exported.
 */
import type { components, operations } from './api.ts';

export type { components, operations, paths } from './api.ts';
export { createPatchbayClient, type PatchbayClient, type PatchbayClientOptions, type TokenSource } from './client.ts';
export { PatchbayApiError, unwrap, type Answer, type AnswerData, type ErrorBody } from './errors.ts';
export type { UncheckedBodyPaths } from './unchecked.ts';

/** The document's named schemas (`Schemas['RecipeDefinition']`). */
export type Schemas = components['schemas'];

type SuccessStatus = 200 | 201 | 202 | 204;
type JsonOf<Response> = Response extends { content: { 'application/json': infer Body } } ? Body : undefined;

/**
 * The success body of an operation, by its operationId: what `unwrap` returns for it.
 * @example type Connection = ResponseBody<'getConnection'>;
 */
export type ResponseBody<Operation extends keyof operations> = JsonOf<
  operations[Operation]['responses'][Extract<keyof operations[Operation]['responses'], SuccessStatus>]
>;

/**
 * The JSON request body of an operation, by its operationId.
 * @example const input: RequestBody<'createConnection'> = { connector: 'http', name: 'Status', fields: { baseUrl } };
 */
export type RequestBody<Operation extends keyof operations> = operations[Operation] extends { requestBody?: infer Body }
  ? JsonOf<NonNullable<Body>>
  : never;

/** The query parameters of an operation, by its operationId. */
export type RequestQuery<Operation extends keyof operations> = NonNullable<operations[Operation]['parameters']['query']>;

// The resources as the API shows them, for code that passes them around (formatters, UI components).
export type RecipeDefinition = Schemas['RecipeDefinition'];
export type Connector = ResponseBody<'getConnector'>;
export type Connection = ResponseBody<'getConnection'>;
export type ConnectionTestResult = ResponseBody<'testConnection'>;
export type Recipe = ResponseBody<'getRecipe'>;
export type RecipeSummary = ResponseBody<'listRecipes'>['recipes'][number];
export type RecipeSlot = Recipe['connections'][number];
export type Job = ResponseBody<'getJob'>;
export type JobSummary = ResponseBody<'listJobs'>['jobs'][number];
export type Notification = ResponseBody<'listNotifications'>['notifications'][number];
