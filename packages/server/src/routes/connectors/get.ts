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
        summary: 'Describe one connector: its connection fields (and their JSON schema), auth kinds, actions, triggers and pick lists.',
        operationId: 'getConnector',
        params: ConnectorParams,
        response: { 200: ConnectorDescriptionSchema, ...errorResponses },
      },
    },
    async (request) => describeConnector(service.connector(request.params.key)),
  );
};
