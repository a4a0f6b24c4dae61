import Type from 'typebox';
import { actorOf } from '../../auth/bearer-hook.ts';
import { RefreshParam } from '../../http/query.ts';
import { BODY_ERRORS, APP_ERRORS, errorResponses, IdParams } from '../../schemas.ts';
import type { RegisterRoute } from '../../types.ts';

const MemberName = Type.String({ minLength: 1, maxLength: 100 });

const SchemaBody = Type.Object(
  {
    action: Type.Optional(MemberName),
    trigger: Type.Optional(MemberName),
    config: Type.Optional(
      Type.Record(Type.String(), Type.Unknown(), {
        description: 'Values of the inputs the schema depends on (the connector\'s actions[].dynamicSchema.dependsOn), e.g. {"object": "Invoice__c"}.',
      }),
    ),
  },
  { additionalProperties: false, description: 'Exactly one of action and trigger.' },
);

const JsonSchemaDocument = Type.Unknown({ description: 'A JSON schema (draft 2020-12).' });

export const registerSchemaRoute: RegisterRoute = (app, { service }) => {
  app.post(
    '/connections/:id/schema',
    {
      schema: {
        tags: ['connections'],
        summary:
          "Input and output JSON schemas of an action or trigger for a configuration, computed through the connection (custom objects and fields included) and cached per connection and configuration; ?refresh=true computes them again. 409 connection_required when it is not connected.",
        operationId: 'getMemberSchemas',
        params: IdParams,
        querystring: Type.Object({ refresh: Type.Optional(RefreshParam) }, { additionalProperties: false }),
        body: SchemaBody,
        response: { 200: Type.Object({ input: JsonSchemaDocument, output: JsonSchemaDocument }), ...errorResponses(401, ...APP_ERRORS, ...BODY_ERRORS) },
      },
    },
    async (request) => {
      const { action, trigger, config } = request.body;
      const schemaRequest = { config: config ?? {}, ...(action === undefined ? {} : { action }), ...(trigger === undefined ? {} : { trigger }) };
      return service.schemas(actorOf(request), request.params.id, schemaRequest, { refresh: request.query.refresh === 'true' });
    },
  );
};
