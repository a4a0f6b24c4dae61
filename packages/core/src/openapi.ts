/**
 * Marks a schema that a route validates only loosely, because code checks it fully afterwards with
 * messages that name each problem's location (the engine for a recipe definition, the connector for a
 * connection's fields). The OpenAPI document shows the named component instead: the full schema that
 * code checks against, so the document still says exactly what the server accepts.
 *
 * Usage: `Type.Record(Type.String(), Type.Unknown(), { [OPENAPI_COMPONENT]: 'RecipeDefinition' })`.
 * The server registers the keyword with its validator and the components with its document.
 */
export const OPENAPI_COMPONENT = 'x-component';
