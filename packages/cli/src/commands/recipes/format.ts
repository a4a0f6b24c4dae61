import type { RecipeView, SlotView } from '@patchbay/engine';

const dash = (value: string | number | null | undefined) => (value === null || value === undefined || value === '' ? '-' : String(value));

export function statusOf(recipe: RecipeView): string {
  return recipe.statusReason ? `${recipe.status} (${recipe.statusReason})` : recipe.status;
}

function triggerOf(recipe: RecipeView): string {
  const trigger = recipe.definition.trigger;
  if (typeof trigger !== 'object' || trigger === null) return '-';
  const { connector, slot, trigger: name } = trigger as Record<string, unknown>;
  const source = typeof slot === 'string' ? slot : typeof connector === 'string' ? connector : '?';
  return `${source}/${typeof name === 'string' ? name : '?'}`;
}

/** `source → conn_… (ready)` or `target → not bound`, one line per slot. */
export function slotLine(slot: SlotView): string {
  const binding = slot.connectionId ?? 'not bound';
  return `${slot.slot} (${slot.connector}) → ${binding}: ${slot.ready ? 'ready' : (slot.reason ?? 'not ready')}`;
}

export function formatRecipe(r: RecipeView): string {
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
