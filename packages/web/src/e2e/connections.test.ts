import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../../../server/src/testing/test-server.ts';
import { describeViolations, ensureWebBuild, launchBrowser, screenshot, seriousViolations, WIDTHS } from './browser.ts';

/*
 * Issue 9, first slice, in a real browser against the real server: sign in with the admin token,
 * the Connections page with a connection in each status, its filters, Test and Delete, sign out; the
 * session cookie's protections; an axe-core scan and screenshots of each screen at 1280 and 390 px.
 */

let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
/** Anything the page's Content-Security-Policy refused, or an uncaught error: the UI must cause none. */
const pageProblems: string[] = [];

async function createConnection(json: Record<string, unknown>): Promise<string> {
  const answer = await server.api('/api/v1/connections', { method: 'POST', json });
  expect(answer.status, answer.text).toBe(201);
  return (answer.body as { id: string }).id;
}

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

beforeAll(async () => {
  ensureWebBuild();
  server = await startTestServer({ workers: false });
  // One connection per status: what the API creates, then the states only time and the app produce.
  await createConnection({ connector: 'http', name: 'Status API', environment: 'Production', fields: { auth: 'none', baseUrl: 'http://127.0.0.1:9/' } });
  await createConnection({ connector: 'salesforce', name: 'Salesforce production', environment: 'Production', fields: { clientId: 'id', clientSecret: 'secret' } });
  const sandbox = await createConnection({ connector: 'salesforce', name: 'Salesforce sandbox', environment: 'Sandbox', fields: { environment: 'sandbox', clientId: 'id', clientSecret: 'secret' } });
  const billing = await createConnection({ connector: 'http', name: 'Billing API', fields: { auth: 'none', baseUrl: 'http://127.0.0.1:9/' } });
  await server.store.db
    .updateTable('connections')
    .set({
      status: 'needs_reauth',
      status_reason: 'The app refused the refresh token (invalid_grant).',
      authorized_at: minutesAgo(3000),
      lost_at: minutesAgo(30),
      last_used_at: minutesAgo(31),
      identity: JSON.stringify({ label: 'integration@acme.example', id: '005xx' }),
      granted_scopes: JSON.stringify(['api', 'refresh_token']),
    })
    .where('id', '=', sandbox)
    .execute();
  await server.store.db
    .updateTable('connections')
    .set({ status: 'error', status_reason: 'The app answered 503 five times in a row.', lost_at: minutesAgo(90), last_used_at: minutesAgo(95) })
    .where('id', '=', billing)
    .execute();

  browser = await launchBrowser();
  context = await browser.newContext({ viewport: WIDTHS.desktop });
  // Shorter than a test's timeout: a step that cannot happen fails with Playwright's own message.
  context.setDefaultTimeout(10_000);
  page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') pageProblems.push(message.text());
  });
  page.on('pageerror', (err) => pageProblems.push(err.message));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const connectionCard = (name: string) => page.getByRole('article', { name });

describe('the web UI in a real browser', () => {
  it('answers / with the sign-in page when nobody is signed in', async () => {
    await page.goto(`${server.url}/`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await expect(page.getByLabel('API token').isVisible()).resolves.toBe(true);
    expect(await page.getByText('.patchbay/admin-token', { exact: true }).count()).toBe(1);
    await screenshot(page, 'sign-in');
    const violations = await seriousViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);
  });

  it('refuses a wrong token with a message at the field', async () => {
    await page.getByLabel('API token').fill('pb_not-a-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'not valid' }).waitFor();
    expect(await page.getByLabel('API token').inputValue()).toBe('');
  });

  it('signs in with the admin token (keyboard only) and shows the Connections page with every status in words', async () => {
    await page.getByLabel('API token').focus();
    await page.keyboard.type(server.token);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Connections', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/connections');
    await connectionCard('Status API').waitFor();

    await expect(connectionCard('Status API').textContent()).resolves.toMatch(/Connected/);
    const production = connectionCard('Salesforce production');
    expect(await production.textContent()).toMatch(/Disconnected.*Not authorised yet/);
    expect(await production.getByRole('button', { name: 'Connect' }).count()).toBe(1);
    const sandbox = connectionCard('Salesforce sandbox');
    const sandboxText = await sandbox.textContent();
    expect(sandboxText).toMatch(/Needs re-authorisation/);
    expect(sandboxText).toMatch(/The app no longer accepts the authorisation: Reconnect/);
    expect(sandboxText).toMatch(/integration@acme\.example/);
    expect(sandboxText).toMatch(/api, refresh_token/);
    expect(sandboxText).toMatch(/Sandbox/);
    expect(sandboxText).toMatch(/31 minutes ago/);
    expect(await sandbox.getByRole('button', { name: 'Reconnect' }).count()).toBe(1);
    const billing = await connectionCard('Billing API').textContent();
    expect(billing).toMatch(/Error/);
    expect(billing).toMatch(/The app answered 503 five times in a row\. Lost 1 hour ago\./);
    expect(await page.getByRole('status').filter({ hasText: '4 connections' }).count()).toBe(1);

    // What each card offers besides: usage, Edit, Disconnect (only while there is something to forget), and New connection.
    expect(await page.getByRole('link', { name: 'New connection' }).getAttribute('href')).toBe('/connections/new');
    expect(await sandbox.textContent()).toMatch(/Used by\s*No recipe/);
    expect(await sandbox.getByRole('link', { name: 'Edit' }).getAttribute('href')).toMatch(/^\/connections\/conn_/);
    expect(await sandbox.getByRole('button', { name: 'Disconnect' }).count()).toBe(1);
    expect(await production.getByRole('button', { name: 'Disconnect' }).count()).toBe(0);

    await screenshot(page, 'connections');
    const violations = await seriousViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);
  });

  it('never keeps the token in the page: not in localStorage, sessionStorage or a readable cookie; the session cookie is HttpOnly and SameSite=Strict', async () => {
    const stored = (await page.evaluate('JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage), document.cookie])')) as string;
    expect(stored).not.toContain(server.token);
    expect(JSON.parse(stored)[2]).toBe('');
    const cookies = await context.cookies();
    expect(cookies.map((c) => c.name)).toEqual(['patchbay_session']);
    expect(cookies[0]).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(cookies[0]?.value).not.toContain(server.token);
    expect(server.logs()).not.toContain(server.token);
  });

  it('refuses a cross-site-style POST that carries the cookie but not the X-Patchbay-Request header (403)', async () => {
    const cookie = (await context.cookies())[0]!;
    const forged = await server.api('/api/v1/connections', {
      method: 'POST',
      json: { connector: 'http', name: 'Forged', fields: { auth: 'none', baseUrl: 'http://127.0.0.1:9/' } },
      headers: { authorization: '', cookie: `${cookie.name}=${cookie.value}`, origin: 'https://evil.example' },
    });
    expect(forged.status).toBe(403);
    expect(forged.body).toMatchObject({ error: { code: 'request_header_required' } });
    // The same from inside the page (a script that forgot the header) is refused too; reading works.
    const fromPage = (await page.evaluate(
      "fetch('/api/v1/connections', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }).then((r) => r.status)",
    )) as number;
    expect(fromPage).toBe(403);
    expect((await page.evaluate("fetch('/api/v1/connections').then((r) => r.status)")) as number).toBe(200);
  });

  it('filters by status, app and name, kept in the URL', async () => {
    await page.getByLabel('Status', { exact: true }).selectOption({ label: 'Needs re-authorisation' });
    await page.getByRole('status').filter({ hasText: '1 of 4 connections' }).waitFor();
    expect(await page.getByRole('article').count()).toBe(1);
    expect(new URL(page.url()).searchParams.get('status')).toBe('needs_reauth');

    await page.getByLabel('Status', { exact: true }).selectOption({ label: 'All statuses' });
    await page.getByLabel('App', { exact: true }).selectOption({ label: 'Salesforce' });
    await page.getByRole('status').filter({ hasText: '2 of 4 connections' }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('sandbox');
    await page.getByRole('status').filter({ hasText: '1 of 4 connections' }).waitFor();
    expect(await page.getByRole('article').first().getAttribute('aria-labelledby')).toBeTruthy();
    expect(await connectionCard('Salesforce sandbox').count()).toBe(1);

    await page.getByLabel('Name', { exact: true }).fill('');
    await page.getByLabel('App', { exact: true }).selectOption({ label: 'All apps' });
    await page.getByRole('status').filter({ hasText: /^4 connections$/ }).waitFor();
  });

  it('tests a connection and shows the answer in words', async () => {
    const card = connectionCard('Status API');
    await card.getByRole('button', { name: 'Test' }).click();
    await card.getByRole('status').filter({ hasText: /Test (passed|failed)/ }).waitFor();
    // An HTTP connection without auth is tested without a request: it passes.
    expect(await card.getByRole('status').textContent()).toBe('Test passed: the app accepted the connection.');
  });

  it('deletes a connection only after a confirmation', async () => {
    const card = connectionCard('Billing API');
    await card.getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete “Billing API”?' });
    await dialog.waitFor();
    await screenshot(page, 'delete-connection', { fullPage: false });
    const violations = await seriousViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await card.count()).toBe(1);

    await card.getByRole('button', { name: 'Delete' }).click();
    await dialog.getByRole('button', { name: 'Delete connection' }).click();
    await card.waitFor({ state: 'detached' });
    await page.getByRole('status').filter({ hasText: /^3 connections$/ }).waitFor();
    const list = await server.api('/api/v1/connections');
    expect((list.body as { connections: { name: string }[] }).connections.map((c) => c.name)).not.toContain('Billing API');
  });

  it('signs out: the session ends on the server, the cookie is gone, the old cookie gets 401', async () => {
    const cookie = (await context.cookies())[0]!;
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await context.cookies()).toEqual([]);
    const replayed = await server.api('/api/v1/connections', { headers: { authorization: '', cookie: `${cookie.name}=${cookie.value}` } });
    expect(replayed.status).toBe(401);
    // A page of the UI after sign-out leads back to sign-in, remembering where it was going.
    await page.goto(`${server.url}/connections?status=error`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(new URL(page.url()).searchParams.get('redirect')).toBe('/connections?status=error');
  });

  it('ran without a refused script or style (CSP) or an uncaught error', () => {
    // The refused requests above (the wrong token, the forged POST) are the only expected errors: the
    // sign-in page itself logs none (sign-in.test.ts).
    expect(pageProblems.filter((p) => !/status of (401|403)/.test(p))).toEqual([]);
  });
});
