import Type from 'typebox';
import { BUILTIN_CONNECTORS } from '@patchbay/engine';
import { describeConnector } from '@patchbay/sdk';
import { ConnectorDescriptionSchema } from '../../connector-schema.ts';
import { errorResponses } from '../../schemas.ts';
import type { RegisterRoute } from '../../types.ts';

export const registerListConnectorsRoute: RegisterRoute = (app, { service }) => {
  app.get(
    '/connectors',
    {
      schema: {
        tags: ['connectors'],
        summary: 'List the connectors this server has, with their fields, auth kinds, actions and triggers, and the built-in triggers (webhook, schedule), which need no connection.',
        operationId: 'listConnectors',
        response: { 200: Type.Object({ connectors: Type.Array(ConnectorDescriptionSchema) }), ...errorResponses(401) },
      },
    },
    async () => ({ connectors: [...service.connectors().map(describeConnector), ...BUILTIN_CONNECTORS] }),
  );
};
