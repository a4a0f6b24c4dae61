import Type, { type Static } from 'typebox';
import type { NotificationsTable } from '@patchbay/store';
import { actorOf } from '../../auth/bearer-hook.ts';
import { NextCursor, PageQuery, pageRequestOf } from '../../http/query.ts';
import { errorResponses } from '../../schemas.ts';
import type { RegisterRoute } from '../../types.ts';

const NullableText = Type.Union([Type.String(), Type.Null()]);

export const NotificationView = Type.Object({
  id: Type.String(),
  recipeId: NullableText,
  connectionId: NullableText,
  level: Type.Union([Type.Literal('warning'), Type.Literal('error')]),
  kind: Type.String({ description: 'e.g. trigger_auth_failed, recipe_stopped' }),
  message: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  /** When PATCHBAY_NOTIFY_URL accepted it; null when unset or not delivered. */
  deliveredAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
type NotificationView = Static<typeof NotificationView>;

const NotificationsQuery = Type.Object(PageQuery, { additionalProperties: false });

function view(row: NotificationsTable): NotificationView {
  return {
    id: row.id,
    recipeId: row.recipe_id,
    connectionId: row.connection_id,
    level: row.level,
    kind: row.kind,
    message: row.message,
    createdAt: row.created_at,
    deliveredAt: row.delivered_at,
  };
}

export const registerListNotificationsRoute: RegisterRoute = (app, { engine }) => {
  app.get(
    '/notifications',
    {
      schema: {
        tags: ['notifications'],
        summary:
          "The workspace's notifications, newest first, a page at a time: triggers failing authentication, recipes stopped because of it. " +
          'They are also POSTed to PATCHBAY_NOTIFY_URL when it is set.',
        operationId: 'listNotifications',
        querystring: NotificationsQuery,
        response: { 200: Type.Object({ notifications: Type.Array(NotificationView), next: NextCursor }), ...errorResponses(401) },
      },
    },
    async (request) => {
      const page = await engine.notifications(actorOf(request).workspaceId, pageRequestOf(request.query));
      return { notifications: page.items.map(view), next: page.next };
    },
  );
};
