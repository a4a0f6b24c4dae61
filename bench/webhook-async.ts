/**
 * The asynchronous webhook path in-process: `engine.webhook` with `response: "accepted"` (the job
 * stored queued, answered 202) and the job run by the engine's workers on the embedded queue, for a
 * recipe of three actions of a connector that answers at once, so that what is measured is the
 * engine and its writes (claim, durable-step progress, outcome), not an app. 10 events in flight;
 * prints jobs/s (accepted to finished) and CPU µs per job (whole process), beside the baseline of
 * the same run: the same steps answering synchronously (`last_step`, the job run inline, 200),
 * rounds alternating which goes first.
 *   npx tsx bench/webhook-async.ts [events=5000] [rounds=3]
 */
import { Type, defineConnector } from '@patchbay/sdk';
import { startEngine } from '../packages/engine/src/testing/engine-harness.ts';
import { median } from './measure.ts';
import { report } from './result.ts';

const events = Number(process.argv[2] ?? 5_000);
const rounds = Number(process.argv[3] ?? 3);
const instant = defineConnector({
  key: 'instant',
  title: 'Instant',
  version: '1.0.0',
  connection: { fields: { url: { type: 'url', label: 'URL', required: true } }, auth: { kind: 'none' }, baseUrl: ({ fields }) => fields.url, test: async () => ({ ok: true }) },
  actions: { echo: { title: 'Echo', input: Type.Object({ n: Type.Unknown() }), run: async ({ input }) => ({ n: input.n }) } },
});
const h = await startEngine({ connectors: [instant] });
const { actor } = h.vault;
const connection = await h.vault.service.create(actor, { connector: 'instant', name: 'instant', fields: { url: 'http://127.0.0.1:9' } });
/** The bench recipe answering `response`, bound and started; its webhook token. */
async function startRecipe(response: 'accepted' | 'last_step'): Promise<string> {
  const recipe = await h.engine.recipes.create(actor, {
    name: `bench ${response}`,
    connections: { app: { connector: 'instant' } },
    trigger: { connector: 'webhook', trigger: 'webhook', input: { response } },
    concurrency: 10,
    steps: [
      { id: 'a', slot: 'app', action: 'echo', input: { n: '{{ trigger.body.amount }}' } },
      { id: 'b', slot: 'app', action: 'echo', input: { n: '{{ steps.a.output.n }}' } },
      { id: 'c', slot: 'app', action: 'echo', input: { n: '{{ steps.b.output.n }}' } },
    ],
  });
  await h.engine.recipes.bind(actor, recipe.id, { app: connection.id });
  const started = await h.engine.recipes.start(actor, recipe.id, {});
  return (started.webhookUrl ?? '').split('/webhooks/')[1] ?? '';
}
const paths = { accepted: { token: await startRecipe('accepted'), status: 202 }, sync: { token: await startRecipe('last_step'), status: 200 } };

async function unfinished(): Promise<number> {
  const row = await h.vault.store.db.selectFrom('jobs').select((eb) => eb.fn.countAll<number>().as('n')).where('status', 'in', ['queued', 'running']).executeTakeFirstOrThrow();
  return Number(row.n);
}

async function run(count: number, path: keyof typeof paths = 'accepted'): Promise<void> {
  const { token, status } = paths[path];
  let sent = 0;
  await Promise.all(
    Array.from({ length: 10 }, async () => {
      while (sent++ < count) {
        const answer = await h.engine.webhook(token, { method: 'POST', headers: {}, query: {}, body: { amount: 21 } });
        if (answer.status !== status) throw new Error(`unexpected answer ${JSON.stringify(answer)}`);
      }
    }),
  );
  while ((await unfinished()) > 0) await new Promise((resolve) => setTimeout(resolve, 20));
}

await run(500); // warm-up
await run(500, 'sync');
const figures: Record<keyof typeof paths, { perSecond: number[]; cpuUs: number[] }> = { accepted: { perSecond: [], cpuUs: [] }, sync: { perSecond: [], cpuUs: [] } };
for (let round = 0; round < rounds; round++) {
  const order = round % 2 === 0 ? (['accepted', 'sync'] as const) : (['sync', 'accepted'] as const);
  for (const path of order) {
    const cpu = process.cpuUsage();
    const t0 = performance.now();
    await run(events, path);
    const used = process.cpuUsage(cpu);
    const [perSecond, cpuUs] = [(events / (performance.now() - t0)) * 1000, (used.user + used.system) / events];
    figures[path].perSecond.push(perSecond);
    figures[path].cpuUs.push(cpuUs);
    if (path === 'accepted') console.log(`round ${round + 1}: ${perSecond.toFixed(0)} jobs/s, ${cpuUs.toFixed(0)} µs CPU per job`);
    else console.log(`round ${round + 1}, sync (baseline): ${perSecond.toFixed(0)} jobs/s, ${cpuUs.toFixed(0)} µs CPU per job`);
  }
}
const progressRows = await h.vault.store.db.selectFrom('job_progress' as never).selectAll().execute().catch(() => 'no table');
console.log('progress rows left:', Array.isArray(progressRows) ? progressRows.length : progressRows);
const [a, s] = [figures.accepted, figures.sync];
report({ figure: 'accepted 3-action jobs/s', value: median(a.perSecond), unit: 'jobs/s', baseline: 'the same steps answered sync', baselineValue: median(s.perSecond), better: 'higher' });
report({ figure: 'accepted 3-action CPU per job', value: median(a.cpuUs), unit: 'µs', baseline: 'the same steps answered sync', baselineValue: median(s.cpuUs), better: 'lower' });
await h.close();
