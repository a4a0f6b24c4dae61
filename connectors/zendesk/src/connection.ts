import { type Fields, defineConnection, multiAuth } from '@patchbay/sdk';
import { SUBDOMAIN, accountUrl, subdomainProblem } from './account.ts';
import { currentUser, isAnonymousUser } from './api.ts';

/** Zendesk is retiring API tokens (fact sheet §2): said wherever a user chooses them. */
const API_TOKEN_RETIREMENT =
  'Zendesk is retiring API tokens: accounts cannot create new ones from 28 July 2026 and every token stops working on 30 April 2027. Prefer OAuth.';

/** Field names are a public contract: tests outside this repository create connections with them. */
export const fields = {
  subdomain: {
    type: 'text',
    label: 'Subdomain',
    required: true,
    placeholder: 'acme',
    help: 'The part before .zendesk.com: "acme" for acme.zendesk.com. Lower-case letters, digits and hyphens.',
    // Refused when the connection is saved; `baseUrl` checks again for connections saved before.
    pattern: SUBDOMAIN.source,
    patternMessage: 'must be the part before .zendesk.com (e.g. "acme" for acme.zendesk.com): lower-case letters, digits and hyphens',
  },
  auth: {
    type: 'select',
    label: 'Sign in with',
    default: 'oauth2',
    options: [
      { value: 'oauth2', label: 'Zendesk account (OAuth)' },
      { value: 'apiToken', label: 'Email and API token (being retired by Zendesk)' },
    ],
    help: `OAuth signs in as the Zendesk user who approves the connection. ${API_TOKEN_RETIREMENT}`,
  },
  email: { type: 'text', label: 'Agent email', help: 'The email of the Zendesk admin or agent the API token acts as.' },
  apiToken: {
    type: 'secret',
    label: 'API token',
    help: `Admin Center → Apps and integrations → APIs → Zendesk API. ${API_TOKEN_RETIREMENT}`,
  },
  clientId: { type: 'text', label: 'OAuth client unique identifier', operatorDefault: true, help: "The OAuth client's unique identifier (Admin Center → Apps and integrations → APIs → OAuth clients)." },
  clientSecret: { type: 'secret', label: 'OAuth client secret', operatorDefault: true, help: "The OAuth client's secret." },
  serverUrl: {
    type: 'url',
    label: 'Server URL',
    placeholder: 'https://acme.zendesk.com',
    help: 'Leave empty to use https://<subdomain>.zendesk.com. Set it to reach the account through a proxy or another host.',
  },
} as const satisfies Fields;

export const connection = defineConnection({
  fields,
  auth: multiAuth(fields, 'auth', {
    oauth2: {
      requires: ['clientId', 'clientSecret'],
      auth: {
        kind: 'oauth2',
        authorizationUrl: (f) => `${accountUrl(f)}/oauth/authorizations/new`,
        tokenUrl: (f) => `${accountUrl(f)}/oauth/tokens`,
        clientId: (f) => f.clientId,
        clientSecret: (f) => f.clientSecret.reveal(),
        // Zendesk's default grant (§3); `read` for lists and the export, `write` for changes.
        scopes: ['read', 'write'],
        tokenAuthMethod: 'client_secret_post',
        // A dead token gets 401 everywhere except `users/me`, which answers 200 with the anonymous
        // user (§2): that answer is a stale-token signal too, or a connection test would never refresh.
        refreshOn: (res) => res.status === 401 || isAnonymousUser(res.body),
      },
    },
    apiToken: {
      requires: ['email', 'apiToken'],
      // `{email}/token` as the user and the token as the password (§2).
      auth: { kind: 'basic', username: (f) => `${f.email}/token`, password: (f) => f.apiToken },
    },
  }),
  baseUrl: ({ fields: f }) => {
    // The SDK's text fields take no pattern, so the subdomain is checked here, before any request
    // (connection tests included) can be built from it.
    const problem = subdomainProblem(f.subdomain);
    if (problem) throw new Error(problem);
    return `${accountUrl(f)}/api/v2/`;
  },
  async test(ctx) {
    const me = await currentUser(ctx);
    if (me.id !== null) return;
    return {
      ok: false,
      message: ctx.connection.auth === 'apiToken'
        ? 'Zendesk did not accept the email and API token (it answered as the anonymous user): check both, and that the token is still active.'
        : 'Zendesk did not accept the access token (it answered as the anonymous user): reconnect the connection.',
    };
  },
  async identity(ctx) {
    const me = await currentUser(ctx);
    // API tokens carry no scopes: they act with the user's full rights (§2), so none are reported.
    return { label: me.email || me.name, id: String(me.id), ...(ctx.grantedScopes.length > 0 ? { scopes: [...ctx.grantedScopes] } : {}) };
  },
  // The account is the instance: its subdomain, or the server URL that replaces it.
  async instance(ctx) {
    return ctx.connection.serverUrl ? accountUrl(ctx.connection) : ctx.connection.subdomain;
  },
});
