import type { Connector } from '../../api/client.ts';
import type { Recipe } from '../../api/recipes.ts';

type Slot = Recipe['connections'][number];

export const statusWord = (status: Recipe['status']) => (status === 'running' ? 'Running' : 'Stopped');

/** "Webhook: HTTP request received", "Salesforce: New records" — the app, then the trigger's title. */
export function triggerTitle(trigger: Recipe['trigger'], connectors: Map<string, Connector> | undefined): string {
  const connector = connectors?.get(trigger.connector);
  const title = connector?.triggers.find((t) => t.name === trigger.trigger)?.title ?? trigger.trigger;
  return `${connector?.title ?? trigger.connector}: ${title}`;
}

/** "No connections needed", "All 2 ready", "1 of 2 ready (primary: is not bound to a connection)". */
export function slotsSummary(slots: readonly Slot[]): { ready: boolean; text: string } {
  if (slots.length === 0) return { ready: true, text: 'No connections needed' };
  const notReady = slots.filter((s) => !s.ready);
  if (notReady.length === 0) return { ready: true, text: slots.length === 1 ? 'Ready' : `All ${slots.length} ready` };
  return { ready: false, text: `${slots.length - notReady.length} of ${slots.length} ready (${notReady.map((s) => `${s.slot}: ${s.reason ?? 'not ready'}`).join('; ')})` };
}

/** Why Start is disabled, in words, or null when every slot is ready. */
export function startBlockedReason(slots: readonly Slot[], connectors: Map<string, Connector> | undefined): string | null {
  const notReady = slots.filter((s) => !s.ready);
  if (notReady.length === 0) return null;
  // The server's reason already names the connection and any scope it lacks.
  const parts = notReady.map((s) => `${connectors?.get(s.connector)?.title ?? s.connector} (${s.slot}) ${(s.reason ?? 'is not ready').replace(/[.\s]+$/, '')}`);
  return `Start needs every connection ready: ${parts.join('; ')}.`;
}
