import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EngineHarness, startEngine } from '../testing/engine-harness.ts';

let h: EngineHarness;
beforeAll(async () => {
  h = await startEngine();
});
afterAll(() => h.close());

const scheduled = (cron: string, timezone?: string) => ({
  name: 'Every second',
  connections: {},
  trigger: { connector: 'schedule', trigger: 'cron', input: { cron, ...(timezone ? { timezone } : {}) } },
  steps: [{ id: 'at', type: 'set', values: { at: '{{ trigger.scheduledAt }}' } }],
});

describe('schedule trigger', () => {
  it('queues a job when the cron expression is due, then schedules the next run', async () => {
    const { actor } = h.vault;
    const recipe = await h.engine.recipes.create(actor, scheduled('* * * * * *', 'Europe/Berlin'));
    await h.engine.recipes.start(actor, recipe.id, {});
    const row = await h.vault.store.db.selectFrom('recipes').select('next_trigger_at').where('id', '=', recipe.id).executeTakeFirstOrThrow();
    expect(Date.parse(row.next_trigger_at ?? '') - Date.now()).toBeLessThanOrEqual(1000);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await h.engine.scheduler.tick()).toBe(1);
    const [job] = (await h.engine.recipes.jobs(actor, recipe.id, { limit: 5 })).items;
    const done = await h.waitForJob(job?.id ?? '');
    expect(done.status).toBe('succeeded');
    expect(done.result).toEqual({ at: row.next_trigger_at });
    const after = await h.vault.store.db.selectFrom('recipes').select('next_trigger_at').where('id', '=', recipe.id).executeTakeFirstOrThrow();
    expect((after.next_trigger_at ?? '') > (row.next_trigger_at ?? '')).toBe(true);
  });

  it('refuses an invalid cron expression or time zone at save time', async () => {
    await expect(h.engine.recipes.create(h.vault.actor, scheduled('every day'))).rejects.toMatchObject({ code: 'invalid_input', details: [expect.objectContaining({ path: 'trigger.input.cron' })] });
    await expect(h.engine.recipes.create(h.vault.actor, scheduled('0 9 * * *', 'Mars/Olympus'))).rejects.toMatchObject({ code: 'invalid_input' });
  });
});
