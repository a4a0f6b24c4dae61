import type { paths } from './api.ts';

/*
 * A body the server validates.
 *
 * Some requests carry JSON a person wrote, not a value a program built: a recipe file to import, a
 * connection's fields typed on a command line, an action's input while writing a connector. The
 * program holds it as `unknown`, and the document types these bodies precisely (the recipe definition,
 * connection create as a `oneOf` keyed by `connector`). Checking the JSON against those types on the
 * client would mean a second validator that says less than the server, which answers 400
 * `invalid_input` with the location of every problem. So for these operations, and only these, the
 * request body is typed `unknown` and sent unchanged; parameters and responses keep their types.
 */

/**
 * The operations whose body may be JSON a person wrote. A path renamed in the document fails the
 * type check here, rather than silently dropping out of the list.
 */
type UserJsonPath =
  | '/api/v1/recipes'
  | '/api/v1/recipes/import'
  | '/api/v1/recipes/{id}'
  | '/api/v1/connections'
  | '/api/v1/connections/{id}'
  | '/api/v1/connections/{id}/actions/{action}';

/** An operation with its JSON request body (if it has one) typed `unknown`; optional stays optional. */
type WithUncheckedBody<Operation> = {
  [K in keyof Operation]: K extends 'requestBody' ? UncheckedBody<Operation[K]> : Operation[K];
};

type UncheckedBody<Body> = Body extends { content: infer Content } ? { content: { [Media in keyof Content]: unknown } } : Body;

/** `paths` restricted to the operations above, with their request bodies typed `unknown`. */
export type UncheckedBodyPaths = {
  [Path in UserJsonPath]: { [Method in keyof paths[Path]]: WithUncheckedBody<paths[Path][Method]> };
};
