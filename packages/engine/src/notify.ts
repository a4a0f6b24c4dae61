import { type Logger, isoNow, newId } from '@patchbay/core';
import type { Store } from '@patchbay/store';

export interface NotificationEvent {
  workspaceId: string;
  recipeId: string | null;
  connectionId: string | null;
  level: 'warning' | 'error';
  kind: string;
  message: string;
}

/**
 * Records a notification for the workspace's owners and, when `PATCHBAY_NOTIFY_URL` is set, POSTs
 * it there as JSON (best effort: a failing endpoint is logged, never retried in a loop). Messages
 * are our own texts: they never carry credentials.
 */
export function createNotifier(deps: { store: Store; logger: Logger; notifyUrl?: string }) {
  return async function notify(event: NotificationEvent): Promise<void> {
    const row = {
      id: newId('ntf'),
      workspace_id: event.workspaceId,
      recipe_id: event.recipeId,
      connection_id: event.connectionId,
      level: event.level,
      kind: event.kind,
      message: event.message,
      created_at: isoNow(),
      delivered_at: null,
    };
    await deps.store.db.insertInto('notifications').values(row).execute();
    deps.logger.warn({ notificationId: row.id, recipeId: event.recipeId, kind: event.kind }, event.message);
    if (!deps.notifyUrl) return;
    try {
      const response = await fetch(deps.notifyUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ id: row.id, ...event, createdAt: row.created_at }),
        signal: AbortSignal.timeout(5000),
      });
      if (response.ok) await deps.store.db.updateTable('notifications').set({ delivered_at: isoNow() }).where('id', '=', row.id).execute();
      else deps.logger.warn({ status: response.status, notificationId: row.id }, 'notification endpoint refused the notification');
    } catch (err) {
      deps.logger.warn({ err, notificationId: row.id }, 'notification endpoint unreachable');
    }
  };
}
