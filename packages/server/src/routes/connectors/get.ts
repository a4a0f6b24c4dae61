import { BUILTIN_CONNECTORS } from '@patchbay/engine';
import { describeConnector } from '@patchbay/sdk';
import { ConnectorDescriptionSchema } from '../../connector-schema.ts';
import { ConnectorParams, errorResponses } from '../../schemas.ts';
import type { RegisterRoute } from '../../types.ts';

export const registerGetConnectorRoute: RegisterRoute = (app, { service }) => {
  app.get(
    '/connectors/:key',
    {
      schema: {
        tags: ['connectors'],
        summary: 'Describe one connector: its connection fields (and their JSON schema), auth kinds, actions, triggers and pick lists. Also `webhook` and `schedule`, the built-in triggers.',
        operationId: 'getConnector',
        params: ConnectorParams,
        response: { 200: ConnectorDescriptionSchema, ...errorResponses(401, 404) },
      },
    },
    async (request) => BUILTIN_CONNECTORS.find((c) => c.key === request.params.key) ?? describeConnector(service.connector(request.params.key)),
  );
};
