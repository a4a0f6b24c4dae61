import type { Recipe, RecipeSlot } from '@patchbay/client';

const dash = (value: string | number | null | undefined) => (value === null || value === undefined || value === '' ? '-' : String(value));

export function statusOf(recipe: Recipe): string {
  return recipe.statusReason ? `${recipe.status} (${recipe.statusReason})` : recipe.status;
}

/** `webhook/webhook`, `schedule/cron`, or `<slot>/<trigger>` for a connector's trigger. */
function triggerOf(recipe: Recipe): string {
  const { slot, connector, trigger } = recipe.definition.trigger;
  return `${slot ?? connector ?? '?'}/${trigger}`;
}

/** `source → conn_… (ready)` or `target → not bound`, one line per slot. */
export function slotLine(slot: RecipeSlot): string {
  const binding = slot.connectionId ?? 'not bound';
  return `${slot.slot} (${slot.connector}) → ${binding}: ${slot.ready ? 'ready' : (slot.reason ?? 'not ready')}`;
}

export function formatRecipe(r: Recipe): string {
  const lines: [string, string][] = [
    ['id', r.id],
    ['name', r.name],
    ['status', statusOf(r)],
    ['version', String(r.version)],
    ['running version', dash(r.runningVersion)],
    ['trigger', triggerOf(r)],
    ['webhook url', dash(r.webhookUrl)],
    ['trigger failures', String(r.triggerFailures)],
    ['started at', dash(r.startedAt)],
    ['stopped at', dash(r.stoppedAt)],
    ['created at', r.createdAt],
    ['updated at', r.updatedAt],
  ];
  const width = Math.max(...lines.map(([label]) => label.length));
  const head = lines.map(([label, value]) => `${`${label}:`.padEnd(width + 2)}${value}`).join('\n');
  const slots = r.connections.length === 0 ? '  (none)' : r.connections.map((s) => `  ${slotLine(s)}`).join('\n');
  return `${head}\nslots:\n${slots}\n`;
}
