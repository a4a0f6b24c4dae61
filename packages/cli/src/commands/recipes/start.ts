import type { RecipeView, SlotView } from '@patchbay/engine';
import type { TestResultView } from '@patchbay/vault';
import { ApiError, createApiClient, type ApiClient } from '../../api-client.ts';
import { flag, stringOption, type Command, type Io } from '../../command.ts';
import { formatJson } from '../../output.ts';
import { slotLine } from './format.ts';
import { recipePath } from './paths.ts';

/** Tests each bound connection before asking the server to start, so the user sees each slot as it is checked. */
async function checkSlots(client: ApiClient, slots: readonly SlotView[], io: Io): Promise<void> {
  for (const slot of slots) {
    if (slot.connectionId === null) {
      io.out(`  ${slot.slot}: not bound\n`);
      continue;
    }
    io.out(`  ${slot.slot}: testing ${slot.connectionId}… `);
    try {
      const result = await client.request<TestResultView>('POST', `/api/v1/connections/${encodeURIComponent(slot.connectionId)}/test`);
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
    const client = createApiClient(io);
    const json = flag(args, 'json');
    if (!json) {
      const recipe = await client.request<RecipeView>('GET', recipePath(args));
      io.out(`Checking the ${recipe.connections.length} slot(s) of "${recipe.name}":\n`);
      await checkSlots(client, recipe.connections, io);
    }
    const since = stringOption(args, 'since');
    let started: RecipeView;
    try {
      started = await client.request<RecipeView>('POST', recipePath(args, '/start'), since === undefined ? {} : { since });
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
