import type { Fields } from '@patchbay/sdk';

/** Field names are a public contract: tests outside this repository create connections with them. */
export const fields = {
  auth: {
    type: 'select',
    label: 'Authentication',
    required: true,
    default: 'none',
    options: [
      { value: 'none', label: 'None' },
      { value: 'basic', label: 'Basic (username and password)' },
      { value: 'apiKey', label: 'API key in a header' },
      { value: 'bearer', label: 'Bearer token' },
      { value: 'oauth2', label: 'OAuth2 authorization code' },
      { value: 'oauth2ClientCredentials', label: 'OAuth2 client credentials' },
    ],
  },
  baseUrl: { type: 'url', label: 'Base URL', required: true, help: 'Requests go to paths under this URL, and credentials only to its host.', placeholder: 'https://api.example.com/v1/' },
  username: { type: 'text', label: 'Username' },
  password: { type: 'secret', label: 'Password' },
  apiKey: { type: 'secret', label: 'API key' },
  apiKeyHeader: { type: 'text', label: 'API key header', default: 'X-API-Key' },
  token: { type: 'secret', label: 'Bearer token' },
  authorizationUrl: { type: 'url', label: 'Authorization URL', help: "The app's OAuth2 authorize endpoint." },
  tokenUrl: { type: 'url', label: 'Token URL', help: "The app's OAuth2 token endpoint." },
  clientId: { type: 'text', label: 'Client ID' },
  clientSecret: { type: 'secret', label: 'Client secret' },
  scopes: { type: 'text', label: 'Scopes', help: 'Space-separated, e.g. "read write".' },
  pkce: { type: 'boolean', label: 'Use PKCE (S256)', default: true },
  tokenAuthMethod: {
    type: 'select',
    label: 'Client authentication at the token endpoint',
    default: 'client_secret_basic',
    options: [
      { value: 'client_secret_basic', label: 'HTTP Basic (client_secret_basic)' },
      { value: 'client_secret_post', label: 'In the form body (client_secret_post)' },
    ],
  },
  testPath: { type: 'text', label: 'Test path', help: 'A GET request to this path must answer 2xx for the connection to count as working. Optional.' },
  idempotencyKeys: {
    type: 'boolean',
    label: 'Send Idempotency-Key headers',
    default: false,
    help: 'For apps that deduplicate on an Idempotency-Key header: POST and PATCH requests carry a key that stays the same when the step is retried, so a retried write takes effect once (and failed writes can be retried).',
  },
} as const satisfies Fields;
