import { defineConnection } from '@patchbay/sdk';

/** The connection of the engine tests' own connectors: a URL, no auth, a test that always passes. */
export const urlConnection = defineConnection({
  fields: { url: { type: 'url', label: 'URL', required: true } },
  auth: { kind: 'none' },
  baseUrl: ({ fields }) => fields.url,
  test: async () => ({ ok: true }),
});
