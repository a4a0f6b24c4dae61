import type { PatchbayClient, Recipe, RecipeSlot } from '@patchbay/client';
import { ApiError, call, connectApi } from '../../api-client.ts';
import { flag, stringOption, type Command, type Io } from '../../command.ts';
import { formatJson } from '../../output.ts';
import { slotLine } from './format.ts';
import { recipeId } from './paths.ts';

/** Tests each bound connection before asking the server to start, so the user sees each slot as it is checked. */
async function checkSlots(api: PatchbayClient, slots: readonly RecipeSlot[], io: Io): Promise<void> {
  for (const slot of slots) {
    if (slot.connectionId === null) {
      io.out(`  ${slot.slot}: not bound\n`);
      continue;
    }
    io.out(`  ${slot.slot}: testing ${slot.connectionId}… `);
    try {
      const result = await call(api.POST('/api/v1/connections/{id}/test', { params: { path: { id: slot.connectionId } } }));
      io.out(result.ok ? 'ok\n' : `failed: ${result.message ?? 'no reason given'}\n`);
    } catch (err) {
      io.out(`failed: ${err instanceof Error ? err.message : String(err)}\n`);
    }
  }
}

/** The server's refusal lists each slot and why: print them one a line. */
function blockedSlots(err: ApiError): string {
  if (err.code !== 'connections_required' || !Array.isArray(err.details)) return '';
  const lines = err.details.flatMap((d: unknown) =>
    typeof d === 'object' && d !== null && 'slot' in d ? [`  ${String(d.slot)}: ${'reason' in d ? String(d.reason) : 'not ready'}`] : [],
  );
  return lines.length > 0 ? `\n${lines.join('\n')}\nBind slots with "patchbay recipes bind <id> slot=<connection id>".` : '';
}

export const startRecipe: Command = {
  path: ['recipes', 'start'],
  summary: 'Start a recipe on its current version, after checking each slot (every bound connection is tested).',
  usage: [
    '  <id>            the recipe id',
    '  --since <time>  polling triggers, first start only: begin at this ISO-8601 time (default: only new events)',
    '  --json          print the API response as JSON (no progress lines)',
  ].join('\n'),
  options: { since: { type: 'string' }, json: { type: 'boolean' } },
  positionals: ['id'],
  async run(args, io) {
    const id = recipeId(args);
    const api = await connectApi(io);
    const json = flag(args, 'json');
    if (!json) {
      const recipe = await call(api.GET('/api/v1/recipes/{id}', { params: { path: { id } } }));
      io.out(`Checking the ${recipe.connections.length} slot(s) of "${recipe.name}":\n`);
      await checkSlots(api, recipe.connections, io);
    }
    const since = stringOption(args, 'since');
    let started: Recipe;
    try {
      started = await call(api.POST('/api/v1/recipes/{id}/start', { params: { path: { id } }, body: since === undefined ? {} : { since } }));
    } catch (err) {
      if (err instanceof ApiError) err.message += blockedSlots(err);
      throw err;
    }
    if (json) {
      io.out(formatJson(started));
      return 0;
    }
    for (const slot of started.connections) io.out(`  ${slotLine(slot)}\n`);
    io.out(`Started ${started.id} (version ${started.runningVersion ?? started.version})\n`);
    if (started.webhookUrl) io.out(`Webhook URL: ${started.webhookUrl}\n`);
    return 0;
  },
};
