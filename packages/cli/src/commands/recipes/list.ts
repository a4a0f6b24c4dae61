import type { RecipeSummary } from '@patchbay/client';
import { call, connectApi } from '../../api-client.ts';
import { flag, type Command } from '../../command.ts';
import { PAGE_OPTIONS, PAGE_USAGE, nextPageHint, pageQuery } from '../../list-pages.ts';
import { formatJson, formatTable } from '../../output.ts';

const PATH = ['recipes', 'list'] as const;

/** `webhook/webhook`, `schedule/cron`, or `<slot>/<trigger>` for a connector's trigger. */
const triggerOf = (recipe: RecipeSummary) => `${recipe.trigger.slot ?? recipe.trigger.connector}/${recipe.trigger.trigger}`;

export function formatRecipeSummaries(recipes: readonly RecipeSummary[]): string {
  if (recipes.length === 0) return 'No recipes yet. Import one with "patchbay recipes import <file>".\n';
  return formatTable(
    ['ID', 'NAME', 'STATUS', 'VERSION', 'TRIGGER', 'SLOTS READY'],
    recipes.map((r) => [
      r.id,
      r.name,
      r.status,
      r.runningVersion !== null && r.runningVersion !== r.version ? `${r.version} (runs ${r.runningVersion})` : String(r.version),
      triggerOf(r),
      `${r.connections.filter((s) => s.ready).length}/${r.connections.length}`,
    ]),
  );
}

export const listRecipes: Command = {
  path: PATH,
  summary: "List the workspace's recipes, oldest first, a page at a time: status, version, trigger and how many slots are ready.",
  usage: PAGE_USAGE,
  options: PAGE_OPTIONS,
  async run(args, io) {
    const query = pageQuery(args);
    const api = await connectApi(io);
    const page = await call(api.GET('/api/v1/recipes', { params: { query } }));
    io.out(flag(args, 'json') ? formatJson(page) : formatRecipeSummaries(page.recipes) + nextPageHint(PATH, args, page.next));
    return 0;
  },
};
