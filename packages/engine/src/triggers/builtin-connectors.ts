import type { ConnectorDescription } from '@patchbay/sdk';
import { ScheduleTriggerInput, WebhookTriggerInput } from './builtin-input.ts';

const WebhookEvent = {
  type: 'object',
  description: 'What a mapping sees as `trigger`.',
  properties: {
    method: { type: 'string' },
    query: { type: 'object', additionalProperties: { type: 'string' } },
    headers: { type: 'object', additionalProperties: { type: 'string' }, description: 'Header names in lower case.' },
    body: { description: 'The JSON body as sent (or the text when it is not JSON).' },
    receivedAt: { type: 'string', format: 'date-time' },
  },
};

const ScheduleEvent = {
  type: 'object',
  description: 'What a mapping sees as `trigger`.',
  properties: { scheduledAt: { type: 'string', format: 'date-time' } },
};

function builtin(key: string, title: string, description: string, trigger: ConnectorDescription['triggers'][number]): ConnectorDescription {
  return {
    key,
    title,
    version: '1.0.0',
    description,
    needsConnection: false,
    maxSlotsPerRecipe: 0,
    fields: [],
    fieldsSchema: { type: 'object', properties: {}, additionalProperties: false },
    auth: { selectedBy: null, kinds: [{ option: 'none', kind: 'none', requires: [], optional: [] }] },
    objects: [],
    picklists: [],
    actions: [],
    triggers: [trigger],
  };
}

/**
 * The triggers that need no connection, described like any connector so that clients discover them
 * the same way: `{ "connector": "webhook", "trigger": "webhook" }` and
 * `{ "connector": "schedule", "trigger": "cron" }` in a recipe.
 */
export const BUILTIN_CONNECTORS: readonly ConnectorDescription[] = [
  builtin('webhook', 'Webhook', 'Starts a job for each HTTP request to the recipe\'s own URL (shown once the recipe runs).', {
    name: 'webhook',
    kind: 'webhook',
    title: 'HTTP request received',
    description: 'Any method; JSON bodies are parsed. Secret headers (Authorization, Cookie) are masked.',
    inputSchema: WebhookTriggerInput,
    outputSchema: WebhookEvent,
    scopes: [],
    picklists: [],
    dynamicSchema: null,
  }),
  builtin('schedule', 'Schedule', 'Starts a job on a cron schedule, in a time zone.', {
    name: 'cron',
    kind: 'schedule',
    title: 'On a schedule',
    description: 'Runs at every time the cron expression matches.',
    inputSchema: ScheduleTriggerInput,
    outputSchema: ScheduleEvent,
    scopes: [],
    picklists: [],
    dynamicSchema: null,
  }),
];
