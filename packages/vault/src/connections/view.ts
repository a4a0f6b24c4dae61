import Type, { type Static } from 'typebox';
import { OPENAPI_COMPONENT } from '@patchbay/core';

/** Connection status: `connected`, `needs_reauth` (the user must authorise again), `error` (retrying), `disconnected`. */
export const ConnectionStatus = Type.Union([
  Type.Literal('connected'),
  Type.Literal('needs_reauth'),
  Type.Literal('error'),
  Type.Literal('disconnected'),
]);
export type ConnectionStatus = Static<typeof ConnectionStatus>;

const Timestamp = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);

/**
 * A connection as the vault shows it: never a secret, only which secret fields are set. The API's
 * `Connection` adds the recipes bound to it (server/src/routes/connections/resource.ts).
 */
export const ConnectionSchema = Type.Object({
  id: Type.String(),
  connector: Type.String(),
  name: Type.String(),
  environment: Type.Union([Type.String(), Type.Null()]),
  status: ConnectionStatus,
  statusReason: Type.Union([Type.String(), Type.Null()]),
  /** How Patchbay authenticates: the auth kind in force (`apiKey`, `oauth2`, `basic`, `none`…). */
  authKind: Type.String(),
  /**
   * The auth option as the user chose it: for a connector offering several (e.g. the http
   * connector's `auth` field), the chosen option's name (`bearer`, whose kind is `apiKey`);
   * otherwise the same as `authKind`.
   */
  authOption: Type.String(),
  fields: Type.Record(Type.String(), Type.Unknown()),
  secretFieldsSet: Type.Array(Type.String()),
  authorizedAt: Timestamp,
  lostAt: Timestamp,
  lastUsedAt: Timestamp,
  refreshFailures: Type.Integer(),
  tokenExpiresAt: Timestamp,
  instanceKey: Type.Union([Type.String(), Type.Null()]),
  identity: Type.Union([Type.Object({ label: Type.String(), id: Type.Union([Type.String(), Type.Null()]) }), Type.Null()]),
  grantedScopes: Type.Array(Type.String()),
  version: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export type ConnectionView = Static<typeof ConnectionSchema>;

const Name = Type.String({ minLength: 1, maxLength: 200, description: 'A name people recognise, e.g. "Salesforce production".' });
const Environment = Type.String({ minLength: 1, maxLength: 50, description: 'A label such as production or sandbox.' });
const FieldValues = Type.Record(Type.String(), Type.Unknown(), {
  description: "Values for the connector's connection fields; see GET /api/v1/connectors/{key}.",
});

/** PATCH: only the fields to change; `null` is how a client says "remove this value" (an omitted field stays as it is). */
const ChangedFieldValues = Type.Record(Type.String(), Type.Unknown(), {
  description:
    "The connection fields to change (see GET /api/v1/connectors/{key}); fields left out keep their values, secret ones included. A field set to null loses its stored value (a field with a default gets its default back); a required field cannot be removed (400).",
});

export const CreateConnectionInput = Type.Object(
  {
    connector: Type.String({ minLength: 1, maxLength: 100 }),
    name: Name,
    environment: Type.Optional(Environment),
    fields: Type.Optional(FieldValues),
  },
  // The connector checks `fields`; the document shows one branch per connector with its fields.
  { additionalProperties: false, [OPENAPI_COMPONENT]: 'CreateConnectionInput' },
);
export type CreateConnectionInput = Static<typeof CreateConnectionInput>;

export const UpdateConnectionInput = Type.Object(
  {
    name: Type.Optional(Name),
    environment: Type.Optional(Type.Union([Environment, Type.Null()])),
    fields: Type.Optional(ChangedFieldValues),
    /** New credentials that belong to a different app instance are refused unless this is true. */
    confirmInstanceChange: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type UpdateConnectionInput = Static<typeof UpdateConnectionInput>;

/**
 * A path of this site: one leading `/`, not followed by `/` or `\`; no whitespace or control
 * characters. Without a lookahead, which the contract test's generator of valid inputs cannot read.
 */
export const RETURN_TO_PATTERN = '^/([^/\\\\\\s\\u0000-\\u001f\\u007f][^\\s\\u0000-\\u001f\\u007f]*)?$';

export const AuthorizeInput = Type.Object(
  {
    /** Re-authorising into a different app instance (another org/site) must be confirmed. */
    confirmInstanceChange: Type.Optional(Type.Boolean({ default: false })),
    /** The web page that opened the popup: the only origin the callback page posts its result to. */
    openerOrigin: Type.Optional(Type.String({ maxLength: 2048, pattern: '^https?://[^/\\s]+$' })),
    /**
     * For an authorisation in the whole page (the popup was blocked): the path of this site the
     * callback page sends the browser back to, with `oauth=connected|failed`, `oauth_connection` and,
     * on failure, `oauth_message` added to its query. A path only: it starts with one `/` (not `//`
     * or `/\`, which browsers read as another host) and holds no spaces or control characters
     * (browsers drop tabs and newlines from URLs, which could turn `/<tab>/x` into `//x`).
     */
    returnTo: Type.Optional(
      Type.String({
        maxLength: 2048,
        pattern: RETURN_TO_PATTERN,
        description: 'For a full-page authorisation (popup blocked): a path of this site to come back to, e.g. /connections/new. The result is added to its query: oauth=connected|failed, oauth_connection, oauth_message.',
      }),
    ),
  },
  { additionalProperties: false },
);
export type AuthorizeInput = Static<typeof AuthorizeInput>;

export const TestResultSchema = Type.Object({ ok: Type.Boolean(), message: Type.Optional(Type.String()) });
export type TestResultView = Static<typeof TestResultSchema>;

/** Who is acting: every change is recorded in the audit log with this. */
export interface Actor {
  workspaceId: string;
  userId: string;
}
