import { Type } from '@patchbay/sdk';

// Listed one by one: `Type.Union([...].map(Type.Literal))` types as `never` (request.test.ts checks).
const Method = Type.Union([
  Type.Literal('GET'),
  Type.Literal('POST'),
  Type.Literal('PUT'),
  Type.Literal('PATCH'),
  Type.Literal('DELETE'),
  Type.Literal('HEAD'),
  Type.Literal('OPTIONS'),
]);

export const RequestInput = Type.Object(
  {
    method: Method,
    path: Type.String({ minLength: 1, maxLength: 8192, description: "Relative to the connection's base URL." }),
    query: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean()]))),
    headers: Type.Optional(Type.Record(Type.String(), Type.String())),
    body: Type.Optional(Type.Unknown()),
    failOnStatus: Type.Optional(
      Type.Boolean({
        default: true,
        description:
          'Fail the step when the app answers 4xx or 5xx (default true). With false, every answer is the step\'s output ({ status, headers, body }) for later steps to inspect.',
      }),
    ),
  },
  { additionalProperties: false },
);

export const RequestOutput = Type.Object({
  status: Type.Integer(),
  headers: Type.Record(Type.String(), Type.String()),
  body: Type.Unknown(),
});
