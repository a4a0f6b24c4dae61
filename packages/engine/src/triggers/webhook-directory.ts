import type { Store } from '@patchbay/store';

export interface ListeningRecipe {
  id: string;
  workspaceId: string;
  runningVersion: number;
}

const DEFAULT_TTL_MS = 1000;
const MAX_ENTRIES = 10_000;

/**
 * Which running recipe listens at a webhook token. Looking it up in the database on every event
 * cost more than anything else on the webhook's path, so answers are kept for a second. The process
 * that starts, stops or deletes a recipe forgets them at once (its own webhooks see the change
 * immediately); other processes sharing the database see it within the TTL. An unknown token is
 * never kept, so a recipe started elsewhere is found on its first event.
 */
export function createWebhookDirectory(store: Store, ttlMs = DEFAULT_TTL_MS) {
  const entries = new Map<string, { recipe: ListeningRecipe; until: number }>();

  return {
    async find(token: string): Promise<ListeningRecipe | undefined> {
      const now = Date.now();
      const entry = entries.get(token);
      if (entry && entry.until > now) return entry.recipe;
      const row = await store.db
        .selectFrom('recipes')
        .select(['id', 'workspace_id', 'running_version'])
        .where('webhook_token', '=', token)
        .where('status', '=', 'running')
        .executeTakeFirst();
      if (!row || row.running_version === null) {
        entries.delete(token);
        return undefined;
      }
      const recipe = { id: row.id, workspaceId: row.workspace_id, runningVersion: row.running_version };
      if (entries.size >= MAX_ENTRIES) entries.clear();
      entries.set(token, { recipe, until: now + ttlMs });
      return recipe;
    },
    /** Called by this process whenever a recipe starts, stops or is deleted. */
    forget(): void {
      entries.clear();
    },
  };
}

export type WebhookDirectory = ReturnType<typeof createWebhookDirectory>;
