import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { JobSummary } from '@patchbay/client';
import { startTestServer, type TestServer } from '../../../server/src/testing/test-server.ts';
import { formatDuration, jobDurationMs } from '../../app/screens/jobs/format.ts';
import { errorOf, stepsOf } from '../../app/screens/jobs/records.ts';
import { describeViolations, ensureWebBuild, launchBrowser, screenshot, seriousViolations, watchedPage } from './browser.ts';

/*
 * Issue 9, the Jobs screens, in a real browser against the real server with its workers: a recipe
 * whose webhook jobs post orders to a small shop app (which refuses a quantity of 0), so some jobs
 * succeed and some fail for real; then the Jobs list and its filters, a failed and a succeeded job
 * with their steps, Re-run, Cancel, a job appearing without a reload, and the 24-hour chart.
 */

/** A header value the webhook sender passes: job history must show it redacted, never the value. */
const SENDER_KEY = 'shop-key-canary-5d1c9e7a';

let server: TestServer;
let shop: Server;
let browser: Browser;
let page: Page;
let ordersRecipe: { id: string; hook: string };
let greeterRecipe: { id: string; hook: string };
const pageProblems: string[] = [];
const failedRequests: string[] = [];

/** The shop: creates an order for a positive quantity and refuses any other with 422, as such an app would. */
function startShop(): Promise<string> {
  let next = 1;
  shop = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { quantity?: number };
      const ok = req.method === 'POST' && req.url === '/orders' && typeof body.quantity === 'number' && body.quantity > 0;
      res.writeHead(ok ? 201 : 422, { 'content-type': 'application/json' });
      res.end(JSON.stringify(ok ? { orderId: `ord_${next++}`, quantity: body.quantity } : { error: 'quantity must be at least 1' }));
    });
  });
  return new Promise((resolve) => shop.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(shop.address() as AddressInfo).port}/`)));
}

async function call<T>(method: string, path: string, json: unknown, status: number): Promise<T> {
  const answer = await server.api(path, { method, json });
  expect(answer.status, answer.text).toBe(status);
  return answer.body as T;
}

async function startRecipe(definition: Record<string, unknown>, bindings: Record<string, string> = {}): Promise<{ id: string; hook: string }> {
  const { id } = await call<{ id: string }>('POST', '/api/v1/recipes', definition, 201);
  if (Object.keys(bindings).length > 0) await call('PUT', `/api/v1/recipes/${id}/connections`, bindings, 200);
  const started = await call<{ webhookUrl: string }>('POST', `/api/v1/recipes/${id}/start`, {}, 200);
  return { id, hook: new URL(started.webhookUrl).pathname };
}

async function fire(recipe: { hook: string }, body: unknown): Promise<string> {
  const answer = await server.api(recipe.hook, { method: 'POST', json: body, headers: { authorization: '', 'x-api-key': SENDER_KEY } });
  expect(answer.status, answer.text).toBe(202);
  return (answer.body as { jobId: string }).jobId;
}

async function jobsOf(query = ''): Promise<JobSummary[]> {
  const answer = await server.api(`/api/v1/jobs?limit=500${query}`);
  return (answer.body as { jobs: JobSummary[] }).jobs;
}

/** Until every job is finished (the workers run them in the background). */
async function settled(): Promise<JobSummary[]> {
  for (let i = 0; i < 200; i++) {
    const jobs = await jobsOf();
    if (jobs.every((job) => job.status !== 'queued' && job.status !== 'running')) return jobs;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('jobs still running after 10 s');
}

async function expectAccessible(name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  await screenshot(page, name, options);
  const violations = await seriousViolations(page);
  expect(violations, describeViolations(violations)).toEqual([]);
}

const rowOf = (jobId: string) => page.getByRole('row').filter({ has: page.getByRole('link', { name: jobId, exact: true }) });
const bodyRows = () => page.locator('tbody').getByRole('row');

let succeededJobs: string[];
let failedJobs: string[];

beforeAll(async () => {
  ensureWebBuild();
  const shopUrl = await startShop();
  server = await startTestServer();
  const connection = await call<{ id: string }>('POST', '/api/v1/connections', { connector: 'http', name: 'Shop', fields: { auth: 'none', baseUrl: shopUrl } }, 201);
  ordersRecipe = await startRecipe(
    {
      name: 'Orders to the shop',
      connections: { shop: { connector: 'http' } },
      trigger: { connector: 'webhook', trigger: 'webhook', input: { response: 'accepted' } },
      steps: [
        { id: 'prepare', type: 'set', values: { quantity: '{{ trigger.body.quantity }}', customer: '{{ trigger.body.customer }}' } },
        { id: 'send', slot: 'shop', action: 'request', input: { method: 'POST', path: '/orders', body: { quantity: '{{ steps.prepare.output.quantity }}', customer: '{{ steps.prepare.output.customer }}' } } },
      ],
    },
    { shop: connection.id },
  );
  greeterRecipe = await startRecipe({
    name: 'Greeter',
    connections: {},
    trigger: { connector: 'webhook', trigger: 'webhook', input: { response: 'accepted' } },
    steps: [{ id: 'greet', type: 'set', values: { greeting: 'Hello {{ trigger.body.name }}' } }],
  });

  succeededJobs = [];
  failedJobs = [];
  for (const quantity of [2, 0, 5, 0, 1]) {
    (quantity > 0 ? succeededJobs : failedJobs).push(await fire(ordersRecipe, { quantity, customer: `Customer ${quantity}` }));
  }
  await fire(greeterRecipe, { name: 'Ada' });
  await settled();

  // Old history: 55 finished jobs two days ago, so that the list has a second page (and the chart of
  // the last 24 hours does not count them).
  const twoDaysAgo = Date.now() - 48 * 3_600_000;
  await server.store.db
    .insertInto('jobs')
    .values(
      Array.from({ length: 55 }, (_, i) => {
        const at = new Date(twoDaysAgo - i * 60_000).toISOString();
        return {
          id: `job_history${String(i).padStart(13, '0')}`,
          workspace_id: 'default',
          recipe_id: greeterRecipe.id,
          recipe_version: 1,
          status: 'succeeded' as const,
          trigger_event: '{"body":{}}',
          steps: null,
          result: null,
          error: null,
          rerun_of: null,
          lease_until: null,
          created_at: at,
          started_at: at,
          finished_at: at,
        };
      }),
    )
    .execute();

  browser = await launchBrowser();
  page = await watchedPage(browser, pageProblems);
  // Which request a console's "Failed to load resource" was: the console message does not say.
  page.on('response', (response) => {
    if (response.status() >= 400) failedRequests.push(`${response.status()} ${new URL(response.url()).pathname}`);
  });

  await page.goto(`${server.url}/sign-in`);
  await page.getByLabel('API token').fill(server.token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Connections', level: 1 }).waitFor();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (shop) await new Promise((resolve) => shop.close(resolve));
});

describe('what the Jobs screens show, in words', () => {
  it('rounds durations as people say them', () => {
    expect([0.4, 120, 999.4, 1000, 3449, 9960, 42_300, 59_400, 119_000, 3_540_000, 3_600_000, 3_900_000].map(formatDuration)).toEqual([
      '0 ms', '120 ms', '999 ms', '1.0 s', '3.4 s', '10 s', '42 s', '59 s', '2 min', '59 min', '1 h', '1 h 5 min',
    ]);
    expect(jobDurationMs({ startedAt: null, finishedAt: null })).toBeUndefined();
    expect(jobDurationMs({ startedAt: '2025-01-01T00:00:00.000Z', finishedAt: '2025-01-01T00:00:03.400Z' })).toBe(3400);
    expect(jobDurationMs({ startedAt: '2025-01-01T00:00:00.000Z', finishedAt: null }, Date.parse('2025-01-01T00:02:00.000Z'))).toBe(120_000);
  });

  it('reads step records and errors by their shape, leaving out what does not fit', () => {
    const steps = stepsOf([
      { path: 'steps[0]', id: 'a', type: 'set', status: 'succeeded', output: null, durationMs: 1.5 },
      { path: 'steps[1]', id: 'b', type: 'action', status: 'failed', input: { q: 1 }, error: { code: 'app_refused', message: 'No' }, attempts: 3, durationMs: 20, iteration: 2 },
      { path: 'steps[2]', id: 'c', status: 'skipped' },
      { id: 'd', status: 'succeeded' },
    ]);
    expect(steps).toEqual([
      { path: 'steps[0]', id: 'a', type: 'set', status: 'succeeded', output: { value: null }, attempts: 1, durationMs: 1.5 },
      { path: 'steps[1]', id: 'b', type: 'action', status: 'failed', iteration: 2, input: { value: { q: 1 } }, error: { code: 'app_refused', message: 'No' }, attempts: 3, durationMs: 20 },
    ]);
    expect(errorOf({ code: 'step_failed', message: 'x', step: 'send', details: {} })).toEqual({ code: 'step_failed', message: 'x', step: 'send' });
    expect(errorOf({ code: 1, message: 'x' })).toBeUndefined();
    expect(errorOf(null)).toBeUndefined();
  });
});

describe('the Jobs screens in a real browser', () => {
  it('lists every recipe’s jobs, newest first, with status in words, recipe name, duration and error', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Jobs' }).click();
    await page.getByRole('heading', { name: 'Jobs', level: 1 }).waitFor();
    await rowOf(failedJobs[0]!).waitFor();

    const recent = (await jobsOf()).slice(0, 50);
    expect(await bodyRows().count()).toBe(50);
    // Newest first, as the API lists them: the real jobs above the old history.
    const shown = await page.locator('tbody tr td:first-child a').allTextContents();
    expect(shown).toEqual(recent.map((job) => job.id));

    for (const id of succeededJobs) {
      const text = await rowOf(id).textContent();
      expect(text).toContain('Succeeded');
      expect(text).toContain('Orders to the shop');
      expect(text).toMatch(/\d+ ms|\d+\.\d s/);
    }
    for (const id of failedJobs) {
      const text = await rowOf(id).textContent();
      expect(text).toContain('Failed');
      expect(text).toContain('app_refused');
      expect(text).toContain('422');
    }
    expect(await page.getByRole('row').filter({ hasText: 'Greeter' }).count()).toBeGreaterThan(0);
    await page.getByRole('status').filter({ hasText: '50+ jobs' }).waitFor();
    await expectAccessible('jobs');
  });

  it('loads the next page with the cursor on “Load more”', async () => {
    await page.getByRole('button', { name: 'Load more' }).click();
    await page.getByRole('status').filter({ hasText: /^61 jobs$/ }).waitFor();
    expect(await bodyRows().count()).toBe(61);
    expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);
    const ids = await page.locator('tbody tr td:first-child a').allTextContents();
    expect(new Set(ids).size).toBe(61);
  });

  it('filters by status and by recipe, kept in the URL', async () => {
    await page.getByLabel('Status', { exact: true }).selectOption({ label: 'Failed' });
    await page.getByRole('status').filter({ hasText: /^2 jobs$/ }).waitFor();
    expect(new URL(page.url()).searchParams.get('status')).toBe('failed');
    expect((await page.locator('tbody tr td:first-child a').allTextContents()).sort()).toEqual([...failedJobs].sort());
    for (const row of await bodyRows().all()) expect(await row.textContent()).toContain('Failed');
    await expectAccessible('jobs-filtered');

    await page.getByLabel('Status', { exact: true }).selectOption({ label: 'Succeeded' });
    await page.getByLabel('Recipe', { exact: true }).selectOption({ label: 'Orders to the shop' });
    await page.getByRole('status').filter({ hasText: /^3 jobs$/ }).waitFor();
    const url = new URL(page.url());
    expect([url.searchParams.get('status'), url.searchParams.get('recipe')]).toEqual(['succeeded', ordersRecipe.id]);
    expect((await page.locator('tbody tr td:first-child a').allTextContents()).sort()).toEqual([...succeededJobs].sort());

    // The URL alone gives the same list (a shared link, a reload).
    await page.goto(`${server.url}/jobs?status=failed&recipe=${greeterRecipe.id}`);
    await page.getByText('No job matches these filters.').waitFor();
    expect(await page.getByLabel('Recipe', { exact: true }).inputValue()).toBe(greeterRecipe.id);
  });

  it('shows a failed job: the failing step’s error code and message, its input, the earlier step’s output, the event redacted', async () => {
    const failed = failedJobs[0]!;
    await page.goto(`${server.url}/jobs?status=failed`);
    await page.getByRole('link', { name: failed, exact: true }).click();
    await page.getByRole('heading', { name: `Job ${failed}`, level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/jobs/${failed}`);
    expect(await page.locator('.page-header').textContent()).toContain('Failed');
    expect(await page.getByText('Failed at step “send”').count()).toBe(1);
    expect(await page.getByRole('link', { name: 'Orders to the shop' }).count()).toBe(1);

    const send = page.getByRole('article', { name: 'send' });
    const sendText = await send.textContent();
    expect(sendText).toContain('Failed');
    expect(sendText).toContain('app_refused');
    expect(sendText).toMatch(/answered 422 UNPROCESSABLE_ENTITY: POST \/orders: .*quantity must be at least 1/);
    expect(sendText).toMatch(/Attempts\s*1/);
    // The failing step's input is open; it is what the step sent.
    const input = send.getByRole('group').filter({ hasText: 'Input' }).locator('pre');
    expect(await input.isVisible()).toBe(true);
    expect(JSON.parse((await input.textContent()) ?? '')).toMatchObject({ method: 'POST', path: '/orders', body: { quantity: 0, customer: 'Customer 0' } });

    const prepare = page.getByRole('article', { name: 'prepare' });
    expect(await prepare.textContent()).toContain('Succeeded');
    await prepare.getByText('Output', { exact: true }).click();
    const output = prepare.locator('pre');
    await output.waitFor();
    expect(JSON.parse((await output.textContent()) ?? '')).toEqual({ quantity: 0, customer: 'Customer 0' });

    await page.getByText('Show the event').click();
    const event = await page.getByRole('group').filter({ hasText: 'Show the event' }).locator('pre').textContent();
    expect(JSON.parse(event ?? '')).toMatchObject({ method: 'POST', body: { quantity: 0 }, headers: { 'x-api-key': '[redacted]' } });
    expect(await page.content()).not.toContain(SENDER_KEY);
    await expectAccessible('job-failed');
  });

  it('Re-run creates a new job with the same event and goes to it', async () => {
    const original = failedJobs[0]!;
    await page.getByRole('button', { name: 'Re-run' }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/jobs/') && url.pathname !== `/jobs/${original}`);
    const rerunId = new URL(page.url()).pathname.split('/').pop()!;
    await page.getByRole('heading', { name: `Job ${rerunId}`, level: 1 }).waitFor();
    expect(await page.evaluate('document.activeElement?.tagName')).toBe('H1');
    expect(await page.getByRole('link', { name: original, exact: true }).count()).toBe(1);
    // Live: the page follows the new job until it has run (the same quantity 0 fails again).
    await page.getByRole('article', { name: 'send' }).waitFor();
    await page.getByText('Failed at step “send”').waitFor();
    const rerun = (await server.api(`/api/v1/jobs/${rerunId}`)).body as JobSummary;
    expect(rerun).toMatchObject({ rerunOf: original, recipeId: ordersRecipe.id, status: 'failed' });
  });

  it('shows a succeeded job with its steps and result', async () => {
    const id = succeededJobs[0]!;
    await page.goto(`${server.url}/jobs/${id}`);
    await page.getByRole('heading', { name: `Job ${id}`, level: 1 }).waitFor();
    await page.getByRole('article', { name: 'send' }).waitFor();
    expect(await page.locator('.page-header').textContent()).toContain('Succeeded');
    expect(await page.getByRole('article').count()).toBe(2);
    const send = page.getByRole('article', { name: 'send' });
    expect(await send.textContent()).toMatch(/Duration\s*\d+(\.\d)? (ms|s)/);
    await send.getByText('Output', { exact: true }).click();
    const output = JSON.parse((await send.getByRole('group').filter({ hasText: 'Output' }).locator('pre').textContent()) ?? '');
    expect(output).toMatchObject({ status: 201, body: { quantity: 2, orderId: expect.stringMatching(/^ord_\d+$/) } });
    expect(await page.getByRole('heading', { name: 'Result' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Cancel' }).count()).toBe(0);
    await expectAccessible('job-succeeded');
  });

  it('cancels a queued job', async () => {
    // A queued job that no worker will take: a row without a queue entry, as while every worker is busy.
    const now = new Date().toISOString();
    const id = 'job_queuedForCancel0000000';
    await server.store.db
      .insertInto('jobs')
      .values({ id, workspace_id: 'default', recipe_id: greeterRecipe.id, recipe_version: 1, status: 'queued', trigger_event: '{"body":{"name":"Bob"}}', steps: null, result: null, error: null, rerun_of: null, lease_until: null, created_at: now, started_at: null, finished_at: null })
      .execute();
    await page.goto(`${server.url}/jobs/${id}`);
    await page.getByText('Waiting for a worker…').waitFor();
    expect(await page.getByRole('button', { name: 'Re-run' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByText('The job was cancelled: it will not run.').waitFor();
    await page.locator('.page-header').getByText('Cancelled').waitFor();
    expect(((await server.api(`/api/v1/jobs/${id}`)).body as JobSummary).status).toBe('cancelled');
  });

  it('shows a new job on the list as it comes, without a reload', async () => {
    await page.goto(`${server.url}/jobs?recipe=${greeterRecipe.id}`);
    await page.getByRole('heading', { name: 'Jobs', level: 1 }).waitFor();
    await bodyRows().first().waitFor();
    await page.evaluate('window.stillTheSamePage = true');
    const id = await fire(greeterRecipe, { name: 'Grace' });
    await rowOf(id).waitFor();
    await rowOf(id).filter({ hasText: 'Succeeded' }).waitFor();
    expect(await page.evaluate('window.stillTheSamePage')).toBe(true);
  });

  it('charts a recipe’s last 24 hours with the numbers in a table, on the recipe’s Jobs tab', async () => {
    await settled();
    await page.goto(`${server.url}/recipes/${ordersRecipe.id}?tab=jobs`);
    const chart = page.getByRole('region', { name: /Last 24 hours/ });
    await chart.waitFor();
    const canvas = chart.getByRole('img');
    await canvas.waitFor();

    // What the chart must say, counted here from the jobs themselves: the hour (UTC) the first of them
    // was created in, the current hour unless this test crossed an hour's end since.
    const HOUR = 3_600_000;
    const jobs = await jobsOf(`&recipe=${ordersRecipe.id}`);
    const first = Math.floor(Date.parse(jobs.at(-1)!.createdAt) / HOUR) * HOUR;
    const hourStart = new Date(first).toISOString();
    const thisHour = jobs.filter((job) => Date.parse(job.createdAt) >= first && Date.parse(job.createdAt) < first + HOUR);
    const count = (status: string, of = thisHour) => of.filter((job) => job.status === status).length;
    expect(count('succeeded')).toBeGreaterThanOrEqual(1);
    expect(count('failed')).toBeGreaterThanOrEqual(1);

    await chart.getByText('Show as table').click();
    const row = chart.getByRole('row').filter({ has: page.locator(`time[datetime="${hourStart}"]`) });
    expect(await chart.locator('tbody').getByRole('row').last().getByRole('rowheader').textContent()).toMatch(/\(this hour\)$/);
    expect(await row.getByRole('cell').allTextContents()).toEqual([String(count('succeeded')), String(count('failed')), String(thisHour.length - count('succeeded') - count('failed'))]);
    expect(await chart.getByRole('row').count()).toBe(1 + 24 + 1);
    // The canvas's name sums the 24 hours: every job of the recipe here (the history is older only for Greeter).
    expect(await canvas.getAttribute('aria-label')).toContain(`${count('succeeded', jobs)} succeeded, ${count('failed', jobs)} failed, 0 other`);
    // chart.js drew something: the canvas has a size and non-blank pixels.
    const drawn = (await page.evaluate(
      "(() => { const c = document.querySelector('canvas'); const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; return c.width > 0 && d.some((v, i) => i % 4 === 3 && v > 0); })()",
    )) as boolean;
    expect(drawn).toBe(true);

    // Below the chart, the recipe's own jobs with a status filter.
    const recent = page.getByRole('region', { name: 'Recent jobs' });
    await recent.getByRole('link', { name: succeededJobs[0]!, exact: true }).waitFor();
    await recent.getByLabel('Status', { exact: true }).selectOption({ label: 'Failed' });
    await recent.getByRole('status').filter({ hasText: new RegExp(`^${count('failed', jobs)} jobs$`) }).waitFor();
    await expectAccessible('jobs-chart');
  });

  it('shows the same chart on the Jobs page filtered by a recipe', async () => {
    await page.goto(`${server.url}/jobs?recipe=${ordersRecipe.id}`);
    const chart = page.getByRole('region', { name: /Last 24 hours/ });
    await chart.getByRole('img').waitFor();
    expect(await chart.getByRole('img').getAttribute('aria-label')).toMatch(/\d+ succeeded, \d+ failed/);
  });

  it('ran without a refused script or style (CSP) or an uncaught error', () => {
    // The sign-in probe's 401 is the only expected error.
    expect(pageProblems.filter((p) => !/status of 401/.test(p)), failedRequests.join('\n')).toEqual([]);
  });
});
