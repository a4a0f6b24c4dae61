import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../../../server/src/testing/test-server.ts';
import { describeViolations, ensureWebBuild, launchBrowser, screenshot, seriousViolations, watchedPage } from './browser.ts';

/*
 * Editing a connection, in a real browser: emptying an optional field and saving removes its value
 * (the form sends it as null), a secret left empty keeps its value, and a required field cannot be
 * emptied.
 */

let server: TestServer;
let app: Server;
let appUrl: string;
let browser: Browser;
let page: Page;
let connectionId: string;
const pageProblems: string[] = [];

/** Labels carry a marker for required fields: match the words only. */
const fieldLabel = (label: string) => new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\W*$`);

async function stored(): Promise<{ fields: Record<string, unknown>; secretFieldsSet: string[] }> {
  const answer = await server.api(`/api/v1/connections/${connectionId}`);
  expect(answer.status, answer.text).toBe(200);
  return answer.body as { fields: Record<string, unknown>; secretFieldsSet: string[] };
}

async function openEditForm(): Promise<void> {
  await page.goto(`${server.url}/connections/${connectionId}`);
  await page.getByRole('heading', { name: 'Edit “Keyed API”', level: 1 }).waitFor();
}

beforeAll(async () => {
  ensureWebBuild();
  // The app behind the connection: any path answers 200, so each save's test passes.
  app = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
  appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}/`;
  server = await startTestServer({ workers: false });
  const created = await server.api('/api/v1/connections', {
    method: 'POST',
    json: { connector: 'http', name: 'Keyed API', fields: { auth: 'apiKey', apiKey: 'kept-key', apiKeyHeader: 'X-Key', baseUrl: appUrl, testPath: 'status' } },
  });
  expect(created.status, created.text).toBe(201);
  connectionId = (created.body as { id: string }).id;

  browser = await launchBrowser();
  page = await watchedPage(browser, pageProblems);
  await page.goto(`${server.url}/sign-in`);
  await page.getByLabel('API token').fill(server.token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Connections', level: 1 }).waitFor();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await new Promise((resolve) => app?.close(resolve));
});

describe('editing a connection', () => {
  it('removes an optional field that was emptied, and keeps a secret left empty', async () => {
    await openEditForm();
    const testPath = page.getByLabel(fieldLabel('Test path'));
    await expect(testPath.inputValue()).resolves.toBe('status');
    await expect(page.getByLabel(fieldLabel('API key')).getAttribute('placeholder')).resolves.toBe('Set (hidden)');

    await testPath.fill('');
    await screenshot(page, 'edit-connection-emptied');
    const violations = await seriousViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('heading', { name: 'Connections', level: 1 }).waitFor();

    const saved = await stored();
    expect(saved.fields).not.toHaveProperty('testPath');
    expect(saved.fields).toMatchObject({ auth: 'apiKey', apiKeyHeader: 'X-Key', baseUrl: appUrl });
    expect(saved.secretFieldsSet).toEqual(['apiKey']);

    // The form shows what is stored now: nothing.
    await openEditForm();
    await expect(page.getByLabel(fieldLabel('Test path')).inputValue()).resolves.toBe('');
  });

  it('gives an emptied field with a default its default back', async () => {
    await openEditForm();
    await page.getByLabel(fieldLabel('API key header')).fill('');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('heading', { name: 'Connections', level: 1 }).waitFor();
    expect((await stored()).fields).toMatchObject({ apiKeyHeader: 'X-API-Key' });
  });

  it('does not save a required field emptied, and says why at the field', async () => {
    await openEditForm();
    const baseUrl = page.getByLabel(fieldLabel('Base URL'));
    await baseUrl.fill('');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText(/required/i).first().waitFor();
    await screenshot(page, 'edit-connection-required-emptied');
    expect(await page.getByRole('heading', { name: 'Edit “Keyed API”', level: 1 }).count()).toBe(1);
    expect((await stored()).fields).toMatchObject({ baseUrl: appUrl });
  });

  it('ran without a console error, a refused script or style (CSP) or an uncaught error', () => {
    expect(pageProblems).toEqual([]);
  });
});
