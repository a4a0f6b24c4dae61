// Type-level tests: `tsc --noEmit -p .` (run in CI) fails if any expectation below stops holding,
// including a `@ts-expect-error` whose error disappears. At run time they only build requests.
import { describe, expectTypeOf, it } from 'vitest';
import { createPatchbayClient, unwrap, type Connection, type Job, type Recipe, type RecipeDefinition, type RequestBody } from './index.ts';

// Never sent: every call below is answered by this fetch without a network.
const client = createPatchbayClient({ baseUrl: 'http://127.0.0.1:9', token: 't', fetch: async () => new Response(null, { status: 204 }) });
const written: unknown = JSON.parse('{}');

describe('client types', () => {
  it('answers are typed from the document', () => {
    expectTypeOf(unwrap(client.GET('/api/v1/connections/{id}', { params: { path: { id: 'c' } } }))).resolves.toEqualTypeOf<Connection>();
    expectTypeOf(unwrap(client.GET('/api/v1/recipes/{id}', { params: { path: { id: 'r' } } }))).resolves.toEqualTypeOf<Recipe>();
    // 204: nothing to read.
    expectTypeOf(unwrap(client.DELETE('/api/v1/recipes/{id}', { params: { path: { id: 'r' } } }))).resolves.toEqualTypeOf<undefined>();
  });

  it('the aliases name real shapes, not unknown or never', () => {
    expectTypeOf<Connection['id']>().toEqualTypeOf<string>();
    expectTypeOf<Recipe['definition']>().toEqualTypeOf<RecipeDefinition>();
    expectTypeOf<Job['recipeVersion']>().toEqualTypeOf<number>();
    // Keyed by connector: the connector keys, not any string.
    expectTypeOf<'http'>().toExtend<RequestBody<'createConnection'>['connector']>();
    expectTypeOf<string>().not.toExtend<RequestBody<'createConnection'>['connector']>();
  });

  it('a body of unknown shape goes only through `unchecked`, and only where a person writes JSON', () => {
    // @ts-expect-error the typed client wants a RecipeDefinition
    void client.POST('/api/v1/recipes/import', { body: written });
    void client.unchecked.POST('/api/v1/recipes/import', { body: written });
    void client.unchecked.POST('/api/v1/connections/{id}/actions/{action}', { params: { path: { id: 'c', action: 'a' } }, body: { input: written } });
    // @ts-expect-error binding slots is not JSON a person writes: not in UncheckedBodyPaths
    void client.unchecked.PUT('/api/v1/recipes/{id}/connections', { params: { path: { id: 'r' } }, body: written });
    expectTypeOf(unwrap(client.unchecked.POST('/api/v1/recipes/import', { body: written }))).resolves.toEqualTypeOf<Recipe>();
  });
});
