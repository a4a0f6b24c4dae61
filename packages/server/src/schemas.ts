import Type from 'typebox';

/** The one error envelope of the API. `details` names fields and ids, never secret values. */
export const ErrorSchema = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'Stable machine-readable code, e.g. invalid_input, not_found.' }),
      message: Type.String({ description: 'What went wrong and what to do about it.' }),
      details: Type.Optional(Type.Unknown()),
    }),
  },
  { description: 'Error envelope' },
);

/**
 * Every route declares these so that error responses are documented in OpenAPI and serialised
 * through a schema like every other response.
 */
export const errorResponses = { '4xx': ErrorSchema, '5xx': ErrorSchema } as const;

// No maxLength: an id of any length that does not exist is a 404, not a validation error.
const Id = Type.String({ minLength: 1, description: 'Connection id, e.g. conn_…' });
const Name = Type.String({ minLength: 1, maxLength: 100 });

export const IdParams = Type.Object({ id: Id });
export const PicklistParams = Type.Object({ id: Id, name: Name });
export const ActionParams = Type.Object({ id: Id, action: Name });
export const ConnectorParams = Type.Object({ key: Name });

/** Endpoints that take no body still refuse unknown properties, so a typo is never ignored. */
export const EmptyBody = Type.Object({}, { additionalProperties: false });
