import { createServer } from 'node:http';
import { startSalesforceEmulator, type SalesforceEmulator } from '@patchbay/emulator-salesforce';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleRecipe } from '../../../server/src/testing/example-recipe.ts';
import { startTestServer, type TestServer } from '../../../server/src/testing/test-server.ts';
import { describeViolations, ensureWebBuild, launchBrowser, screenshot, seriousViolations, WIDTHS } from './browser.ts';

/*
 * Issue 9's Connect proof in a real browser, against the real server and the Salesforce emulator
 * (autoApprove off: its login and consent pages show, as Salesforce's would): New connection from
 * the connector's schema, Connect in the popup, the list updating without a reload; Reconnect after
 * the app forgot the grant; the blocked-popup fallback (full page there and back) on both screens; a
 * popup closed early; Edit with write-only secrets, and changing the auth option; Disconnect; Delete refused while a running recipe
 * uses the connection. An axe scan and screenshots at 1280 and 390 px of each screen.
 */

let server: TestServer;
let sf: SalesforceEmulator;
let keyedApp: KeyedApp;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const pageProblems: string[] = [];

function watch(p: Page): void {
  p.on('console', (message) => {
    if (message.type() === 'error') pageProblems.push(`${p.url()}: ${message.text()}`);
  });
  p.on('pageerror', (err) => pageProblems.push(`${p.url()}: ${err.message}`));
}

const KEYED_APP_KEY = 'edit-canary-key-7c1f';

interface KeyedApp {
  url: string;
  /** The X-API-Key of each request, in order ('' when there was none). */
  keysSeen: string[];
  close: () => Promise<void>;
}

/** A small API that answers GET /me with 200 only when X-API-Key carries the key. */
async function startKeyedApp(): Promise<KeyedApp> {
  const keysSeen: string[] = [];
  const app = createServer((req, res) => {
    const key = req.headers['x-api-key'];
    keysSeen.push(typeof key === 'string' ? key : '');
    res.writeHead(key === KEYED_APP_KEY ? 200 : 401, { 'content-type': 'application/json' }).end('{}');
  });
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
  const address = app.address();
  if (address === null || typeof address === 'string') throw new Error('the keyed app has no port');
  return { url: `http://127.0.0.1:${address.port}`, keysSeen, close: () => new Promise((resolve) => app.close(() => resolve())) };
}

beforeAll(async () => {
  ensureWebBuild();
  keyedApp = await startKeyedApp();
  sf = await startSalesforceEmulator({ autoApprove: false });
  server = await startTestServer();
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: WIDTHS.desktop });
  context.setDefaultTimeout(10_000);
  page = await context.newPage();
  watch(page);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await sf?.close();
  await keyedApp?.close();
});

async function expectNoSeriousViolations(p: Page = page): Promise<void> {
  const violations = await seriousViolations(p);
  expect(violations, describeViolations(violations)).toEqual([]);
}

const card = (name: string, p: Page = page) => p.getByRole('article', { name });

/** A field's label, with or without the required mark after it. */
const fieldLabel = (label: string) => new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\W*$`);

/** The emulator's own login and consent pages, as the demo user (see emulators/salesforce/README.md). */
async function logInAndAllow(p: Page): Promise<void> {
  await p.getByLabel('Username').fill('integration@patchbay-demo.example');
  await p.getByLabel('Password').fill('demo-password');
  await p.getByRole('button', { name: 'Log in' }).click();
  await p.getByRole('button', { name: 'Allow' }).click();
}

/** The app forgets every grant (tokens and refresh tokens), as when a user revokes access in Salesforce. */
async function appRevokesTheGrant(): Promise<void> {
  const res = await fetch(`${sf.url}/__emulator/reset`, { method: 'POST' });
  expect(res.status).toBe(200);
}

async function connectionNamed(name: string): Promise<{ id: string; status: string; secretFieldsSet: string[]; fields: Record<string, unknown>; environment: string | null }> {
  const list = (await server.api('/api/v1/connections')).body as { connections: { id: string; name: string; status: string; secretFieldsSet: string[]; fields: Record<string, unknown>; environment: string | null }[] };
  const found = list.connections.find((c) => c.name === name);
  if (!found) throw new Error(`no connection named ${name}`);
  return found;
}

describe('connecting apps in a real browser', () => {
  it('signs in and opens New connection: a searchable list of the apps that take a connection', async () => {
    await page.goto(`${server.url}/sign-in`);
    await page.getByLabel('API token').fill(server.token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Connections', level: 1 }).waitFor();
    // A marker the page keeps until it is reloaded: the list must update without one.
    await page.evaluate('window.__sameDocument = true');

    await page.getByRole('link', { name: 'New connection' }).click();
    await page.getByRole('heading', { name: 'New connection', level: 1 }).waitFor();
    const apps = page.getByRole('list', { name: 'Apps' });
    await apps.getByRole('link', { name: /Salesforce/ }).waitFor();
    expect(await apps.getByRole('link', { name: /^HTTP Call any REST API/ }).count()).toBe(1);
    // Built-in triggers take no connection: not offered.
    expect(await apps.getByRole('link', { name: /^(Webhook|Schedule)/ }).count()).toBe(0);
    await screenshot(page, 'new-connection-apps');
    await expectNoSeriousViolations();

    await page.getByLabel('Search apps').fill('sales');
    await page.getByRole('status').filter({ hasText: /^1 app$/ }).waitFor();
    expect(await apps.getByRole('link').count()).toBe(1);
    await apps.getByRole('link', { name: /Salesforce/ }).click();
    await page.getByRole('heading', { name: 'Connect Salesforce' }).waitFor();
    expect(new URL(page.url()).searchParams.get('connector')).toBe('salesforce');
  });

  it('renders the connector’s fields from its schema: labels, help, a password input for the secret, errors at the field', async () => {
    await expect(page.getByLabel('Name', { exact: true }).inputValue()).resolves.toBe('Salesforce');
    await page.getByLabel('Name', { exact: true }).fill('Salesforce production');
    await page.getByLabel('Environment label').fill('Production');
    await expect(page.getByLabel('Consumer secret').getAttribute('type')).resolves.toBe('password');
    // A choice between constants in the schema is a select, labelled as the connector labels them, with its default.
    const environmentChoice = page.getByRole('combobox', { name: 'Environment', exact: true });
    await expect(environmentChoice.locator('option:checked').textContent()).resolves.toBe('Production (login.salesforce.com)');
    // The field's help is its accessible description.
    const loginUrl = page.getByLabel('Login URL');
    expect(await loginUrl.evaluate((el) => el.getAttribute('aria-describedby'))).toBeTruthy();
    await expect(page.getByRole('textbox', { name: 'Login URL' }).getAttribute('aria-describedby')).resolves.toMatch(/description/);

    // Checked in the browser against the schema, without eval (the CSP has no 'unsafe-eval'): no popup, no request.
    await loginUrl.fill('not a url');
    await page.getByLabel('Consumer key').fill(sf.clientId);
    await page.getByLabel('Consumer secret').fill(sf.clientSecret);
    await page.getByRole('button', { name: 'Connect' }).click();
    const error = page.getByRole('alert').filter({ hasText: 'Must be a URL starting with http:// or https://.' });
    await error.waitFor();
    expect(await loginUrl.getAttribute('aria-invalid')).toBe('true');
    const errorId = await error.getAttribute('id');
    expect(await loginUrl.getAttribute('aria-describedby')).toContain(errorId);
    expect(((await server.api('/api/v1/connections')).body as { connections: unknown[] }).connections).toEqual([]);
    await screenshot(page, 'new-connection-field-error');
    await expectNoSeriousViolations();

    await loginUrl.fill(sf.url);
    await screenshot(page, 'new-connection-form');
    await expectNoSeriousViolations();
  });

  it('Connect creates the connection and opens the app’s login in a popup; after login and consent the lists show Connected without a reload', async () => {
    const popupOpened = page.waitForEvent('popup');
    await page.getByRole('button', { name: 'Connect' }).click();
    const popup = await popupOpened;
    await popup.getByLabel('Username').waitFor();
    expect(popup.url().startsWith(sf.url)).toBe(true);
    await page.getByText('Finish connecting in the window that opened.').waitFor();
    await logInAndAllow(popup);
    // The callback page posts the result to this page and closes itself.
    if (!popup.isClosed()) await popup.waitForEvent('close');

    // The New connection screen shows the result: the connection as it is now.
    await page.getByRole('heading', { name: 'Salesforce production' }).waitFor();
    await page.locator('.status-connected').getByText('Connected', { exact: true }).waitFor();
    await page.getByText('Connected as integration@patchbay-demo.example').waitFor();
    expect(new URL(page.url()).searchParams.get('created')).toMatch(/^conn_/);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Connections' }).click();
    const production = card('Salesforce production');
    await production.waitFor();
    expect(await production.textContent()).toMatch(/Connected.*integration@patchbay-demo\.example/);
    expect(await production.textContent()).toMatch(/Production/);
    expect(await page.evaluate('window.__sameDocument === true')).toBe(true);
    expect(await connectionNamed('Salesforce production')).toMatchObject({ status: 'connected', environment: 'Production' });
  });

  it('after the app revoked the grant: Test → Needs re-authorisation → Reconnect in the popup → Connected', async () => {
    await appRevokesTheGrant();
    const production = card('Salesforce production');
    await production.getByRole('button', { name: 'Test' }).click();
    await production.getByText('Needs re-authorisation').waitFor();
    expect(await production.textContent()).toMatch(/The app no longer accepts the authorisation: Reconnect/);
    expect(await production.getByRole('status').textContent()).toMatch(/Test failed/);

    const popupOpened = page.waitForEvent('popup');
    await production.getByRole('button', { name: 'Reconnect' }).click();
    const popup = await popupOpened;
    await logInAndAllow(popup);
    await production.locator('.status-connected').waitFor();
    expect(await production.textContent()).toMatch(/Connected.*integration@patchbay-demo\.example/);
    expect(await page.evaluate('window.__sameDocument === true')).toBe(true);
  });

  it('says so when the popup is closed before connecting finished', async () => {
    await appRevokesTheGrant();
    const production = card('Salesforce production');
    await production.getByRole('button', { name: 'Test' }).click();
    await production.getByText('Needs re-authorisation').waitFor();
    const popupOpened = page.waitForEvent('popup');
    await production.getByRole('button', { name: 'Reconnect' }).click();
    const popup = await popupOpened;
    await popup.getByLabel('Username').waitFor();
    await popup.close();
    await production.getByText('The window was closed before connecting finished.').waitFor();
    expect(await production.textContent()).toMatch(/Needs re-authorisation/);
  });

  it('a blocked popup sends the whole page to the app, which sends it back to the Connections page with the result', async () => {
    // Same session, a page whose window.open answers null, as a popup blocker does.
    const blocked = await context.newPage();
    watch(blocked);
    await blocked.addInitScript('window.open = () => null;');
    await blocked.goto(`${server.url}/connections?app=salesforce`);
    const production = card('Salesforce production', blocked);
    await production.getByRole('button', { name: 'Reconnect' }).click();
    await blocked.waitForURL((url) => url.href.startsWith(sf.url));
    await logInAndAllow(blocked);

    await blocked.waitForURL((url) => url.pathname === '/connections');
    const banner = blocked.getByRole('status').filter({ hasText: '“Salesforce production” is connected as integration@patchbay-demo.example.' });
    await banner.waitFor();
    await production.locator('.status-connected').waitFor();
    // Back on the same screen (its filter kept); the result parameters are gone from the address.
    const url = new URL(blocked.url());
    expect(url.searchParams.get('app')).toBe('salesforce');
    expect([...url.searchParams.keys()].filter((k) => k.startsWith('oauth'))).toEqual([]);
    await screenshot(blocked, 'oauth-result-banner');
    await expectNoSeriousViolations(blocked);
    await blocked.close();
  });

  it('a blocked popup on New connection comes back to the connection just made, Connected', async () => {
    const blocked = await context.newPage();
    watch(blocked);
    await blocked.addInitScript('window.open = () => null;');
    await blocked.goto(`${server.url}/connections/new?connector=salesforce`);
    await blocked.getByLabel('Name', { exact: true }).fill('Salesforce sandbox');
    await blocked.getByLabel('Environment', { exact: true }).selectOption({ label: 'Sandbox (test.salesforce.com)' });
    await blocked.getByLabel('Login URL').fill(sf.url);
    await blocked.getByLabel('Consumer key').fill(sf.clientId);
    await blocked.getByLabel('Consumer secret').fill(sf.clientSecret);
    await blocked.getByRole('button', { name: 'Connect' }).click();
    await blocked.waitForURL((url) => url.href.startsWith(sf.url));
    await logInAndAllow(blocked);

    await blocked.waitForURL((url) => url.pathname === '/connections/new' && url.searchParams.has('created') && !url.searchParams.has('oauth'));
    await blocked.getByRole('heading', { name: 'Salesforce sandbox' }).waitFor();
    await blocked.getByRole('status').filter({ hasText: '“Salesforce sandbox” is connected' }).waitFor();
    await blocked.locator('.status-connected').waitFor();
    await screenshot(blocked, 'new-connection-connected');
    await expectNoSeriousViolations(blocked);
    await blocked.close();
  });

  it('shows the server’s field errors at the field, and only the chosen auth option’s fields (HTTP, multi auth)', async () => {
    await page.goto(`${server.url}/connections/new?connector=http`);
    await page.getByRole('heading', { name: 'Connect HTTP' }).waitFor();
    const authChoice = page.getByRole('group', { name: 'Authentication' });
    await expect(authChoice.getByRole('radio', { name: 'None' }).isChecked()).resolves.toBe(true);
    // None: only the fields every option shares, none that another option uses (required or not).
    for (const label of ['Base URL', 'Test path', 'Send Idempotency-Key headers']) expect(await page.getByLabel(fieldLabel(label)).count(), label).toBe(1);
    for (const label of ['Password', 'API key', 'API key header', 'Use PKCE (S256)', 'Scopes', 'Client secret', 'Client authentication at the token endpoint']) {
      expect(await page.getByLabel(fieldLabel(label)).count(), label).toBe(0);
    }
    await screenshot(page, 'new-connection-http-none');
    await expectNoSeriousViolations();

    // API key: the key (required) and the header it goes in (optional, with its default); still no OAuth fields.
    await authChoice.getByRole('radio', { name: 'API key in a header' }).check();
    await expect(page.getByLabel(fieldLabel('API key')).getAttribute('required')).resolves.toBe('');
    await expect(page.getByLabel(fieldLabel('API key header')).inputValue()).resolves.toBe('X-API-Key');
    await expect(page.getByLabel(fieldLabel('API key header')).getAttribute('required')).resolves.toBeNull();
    for (const label of ['Password', 'Use PKCE (S256)', 'Scopes', 'Client secret']) expect(await page.getByLabel(fieldLabel(label)).count(), label).toBe(0);
    await screenshot(page, 'new-connection-http-api-key');
    await authChoice.getByRole('radio', { name: 'Basic (username and password)' }).check();
    // Required by this option: marked (the mark itself is hidden from screen readers, the input is `required`).
    const password = page.getByLabel(/^Password/);
    await expect(password.getAttribute('type')).resolves.toBe('password');
    await expect(password.getAttribute('required')).resolves.toBe('');
    expect(await page.getByLabel('API key', { exact: true }).count()).toBe(0);

    await authChoice.getByRole('radio', { name: 'OAuth2 authorization code' }).check();
    await page.getByLabel('Name', { exact: true }).fill('Partner API');
    await page.getByLabel('Base URL').fill('https://partner.example');
    // Plain http to a host that is not this machine: the schema allows it, the server refuses it for OAuth.
    await page.getByLabel('Authorization URL').fill('http://partner.example/authorize');
    await page.getByLabel('Token URL').fill('https://partner.example/token');
    await page.getByLabel('Client ID').fill('partner-client');
    const popups: Page[] = [];
    context.on('page', (p) => popups.push(p));
    await page.getByRole('button', { name: 'Connect' }).click();
    // The server names the field the URL came from: the error shows at that field, announced, and marks it invalid.
    const formError = page
      .locator('.schema-field', { has: page.getByLabel('Authorization URL') })
      .getByRole('alert')
      .filter({ hasText: 'authorization URL must use https://' });
    await formError.waitFor();
    expect(await page.getByLabel('Authorization URL').getAttribute('aria-invalid')).toBe('true');
    // The popup opened at the click was closed again when creating failed.
    for (const p of popups) if (!p.isClosed()) await p.waitForEvent('close', { timeout: 5_000 });
    expect(popups.length).toBe(1);
    expect(((await server.api('/api/v1/connections')).body as { connections: { name: string }[] }).connections.map((c) => c.name)).not.toContain('Partner API');
    // Editing the fields takes the server's error away.
    await page.getByLabel('Authorization URL').fill('https://partner.example/authorize');
    await formError.waitFor({ state: 'detached' });
  });

  it('Edit: name, environment and fields through the same form; the secret is write-only, shown as set', async () => {
    await page.goto(`${server.url}/connections`);
    await card('Salesforce production').getByRole('link', { name: 'Edit' }).click();
    await page.getByRole('heading', { name: 'Edit “Salesforce production”', level: 1 }).waitFor();
    const secret = page.getByLabel('Consumer secret');
    await expect(secret.inputValue()).resolves.toBe('');
    await expect(secret.getAttribute('type')).resolves.toBe('password');
    await expect(secret.getAttribute('placeholder')).resolves.toBe('Set (hidden)');
    await expect(page.getByLabel('Consumer key').inputValue()).resolves.toBe(sf.clientId);
    await expect(page.getByLabel('Login URL').inputValue()).resolves.toBe(sf.url);
    await screenshot(page, 'edit-connection');
    await expectNoSeriousViolations();

    await page.getByLabel('Name', { exact: true }).fill('Salesforce prod');
    await page.getByLabel('Environment label').fill('Prod');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('heading', { name: 'Connections', level: 1 }).waitFor();
    await card('Salesforce prod').waitFor();
    const saved = await connectionNamed('Salesforce prod');
    expect(saved).toMatchObject({ environment: 'Prod', status: 'connected' });
    // Left empty, the secret kept its value.
    expect(saved.secretFieldsSet).toContain('clientSecret');
    const test = await server.api(`/api/v1/connections/${saved.id}/test`, { method: 'POST', json: {} });
    expect(test.body).toMatchObject({ ok: true });
  });

  it('Edit changes how a connection signs in: HTTP from None to API key, with that option’s fields, saved and tested', async () => {
    const created = await server.api('/api/v1/connections', {
      method: 'POST',
      json: { connector: 'http', name: 'Keyed API', fields: { auth: 'none', baseUrl: `${keyedApp.url}/`, testPath: 'me' } },
    });
    expect(created.status, created.text).toBe(201);
    // The app wants a key: without one, saving tested it and it failed.
    expect(created.body).toMatchObject({ status: 'error' });

    await page.goto(`${server.url}/connections`);
    await card('Keyed API').getByRole('link', { name: 'Edit' }).click();
    await page.getByRole('heading', { name: 'Edit “Keyed API”', level: 1 }).waitFor();
    const authChoice = page.getByRole('group', { name: 'Authentication' });
    await expect(authChoice.getByRole('radio', { name: 'None' }).isChecked()).resolves.toBe(true);
    expect(await page.getByLabel(fieldLabel('API key header')).count()).toBe(0);

    await authChoice.getByRole('radio', { name: 'API key in a header' }).check();
    await authChoice.getByText('The current credentials do not carry over: saving tests the connection with the new ones.').waitFor();
    // The new option's secret is empty and required (nothing stored for it); the shared fields keep their values.
    const apiKey = page.getByLabel(fieldLabel('API key'));
    await expect(apiKey.inputValue()).resolves.toBe('');
    await expect(apiKey.getAttribute('required')).resolves.toBe('');
    await expect(apiKey.getAttribute('placeholder')).resolves.not.toBe('Set (hidden)');
    await expect(page.getByLabel(fieldLabel('API key header')).inputValue()).resolves.toBe('X-API-Key');
    await expect(page.getByLabel('Base URL').inputValue()).resolves.toBe(`${keyedApp.url}/`);
    await expect(page.getByLabel('Test path').inputValue()).resolves.toBe('me');
    expect(await page.getByLabel(fieldLabel('Use PKCE (S256)')).count()).toBe(0);
    await screenshot(page, 'edit-connection-auth-choice');
    await expectNoSeriousViolations();

    await apiKey.fill(KEYED_APP_KEY);
    await page.getByRole('button', { name: 'Save changes' }).click();
    // The page says what the change means and shows the result of the test that saving ran.
    const changed = page.getByRole('region', { name: 'Sign-in changed to API key in a header' });
    await changed.waitFor();
    await changed.locator('.status-connected').waitFor();
    await changed.getByRole('button', { name: 'Test' }).click();
    await changed.getByRole('status').filter({ hasText: 'Test passed: the app accepted the connection.' }).waitFor();
    await screenshot(page, 'edit-connection-auth-changed');
    await expectNoSeriousViolations();

    const saved = await connectionNamed('Keyed API');
    expect(saved).toMatchObject({ status: 'connected', fields: { auth: 'apiKey', apiKeyHeader: 'X-API-Key', baseUrl: `${keyedApp.url}/`, testPath: 'me' }, secretFieldsSet: ['apiKey'] });
    expect(keyedApp.keysSeen.at(-1)).toBe(KEYED_APP_KEY);

    // Back in the form, the stored key shows as set and is no longer required.
    await changed.getByRole('button', { name: 'Edit again' }).click();
    await expect(page.getByLabel(fieldLabel('API key')).getAttribute('placeholder')).resolves.toBe('Set (hidden)');
    await expect(page.getByLabel(fieldLabel('API key')).getAttribute('required')).resolves.toBeNull();
    await page.getByRole('link', { name: 'Cancel' }).click();
    await page.getByRole('heading', { name: 'Connections', level: 1 }).waitFor();
  });

  it('Disconnect asks first, then forgets the authorisation', async () => {
    await page.reload();
    const sandbox = card('Salesforce sandbox');
    await sandbox.getByRole('button', { name: 'Disconnect' }).click();
    const dialog = page.getByRole('dialog', { name: 'Disconnect “Salesforce sandbox”?' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toMatch(/No recipe uses it/);
    await screenshot(page, 'disconnect-connection', { fullPage: false });
    await expectNoSeriousViolations();
    await dialog.getByRole('button', { name: 'Disconnect' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await sandbox.locator('.status-disconnected').waitFor();
    expect((await connectionNamed('Salesforce sandbox')).status).toBe('disconnected');
  });

  it('Delete is refused while a running recipe uses the connection: the dialog shows the refusal and the recipe', async () => {
    const create = async (name: string) => {
      const res = await server.api('/api/v1/connections', { method: 'POST', json: { connector: 'http', name, fields: { auth: 'none', baseUrl: 'http://127.0.0.1:9/' } } });
      expect(res.status, res.text).toBe(201);
      return (res.body as { id: string }).id;
    };
    const source = await create('Accounts API');
    const target = await create('Sandbox API');
    const recipe = await server.api('/api/v1/recipes', { method: 'POST', json: { ...exampleRecipe(), name: 'Mirror accounts' } });
    expect(recipe.status, recipe.text).toBe(201);
    const recipeId = (recipe.body as { id: string }).id;
    expect((await server.api(`/api/v1/recipes/${recipeId}/connections`, { method: 'PUT', json: { source, target } })).status).toBe(200);
    const started = await server.api(`/api/v1/recipes/${recipeId}/start`, { method: 'POST' });
    expect(started.status, started.text).toBe(200);

    await page.reload();
    const accounts = card('Accounts API');
    await accounts.waitFor();
    expect(await accounts.textContent()).toMatch(/Used by\s*1 recipe \(1 running\)/);
    await expect(accounts.getByRole('link', { name: 'Mirror accounts' }).getAttribute('href')).resolves.toBe(`/recipes/${recipeId}`);

    await accounts.getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete “Accounts API”?' });
    await dialog.waitFor();
    const wouldBreak = dialog.getByRole('list', { name: 'Recipes that would break' });
    expect(await wouldBreak.textContent()).toMatch(/Mirror accounts.*running/);
    await screenshot(page, 'delete-connection-in-use', { fullPage: false });
    await expectNoSeriousViolations();
    await dialog.getByRole('button', { name: 'Delete connection' }).click();
    const refusal = dialog.getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/Running recipes use this connection\. Stop them first, then try again\./);
    expect(await refusal.textContent()).not.toMatch(/force/);
    expect(await refusal.getByRole('link', { name: 'Mirror accounts' }).count()).toBe(1);
    // Nothing in the dialog gets around the refusal: only Cancel.
    expect(await dialog.getByRole('button').allTextContents()).toEqual(['Cancel']);
    await screenshot(page, 'delete-refused', { fullPage: false });
    await expectNoSeriousViolations();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await accounts.count()).toBe(1);
  });

  it('ran without a refused script or style (CSP) or an uncaught error', () => {
    // Refused requests the tests provoke (the 400 of the OAuth URL, the 409 of Delete) log as console
    // errors; the emulator's own pages (no favicon) are not the UI.
    const problems = pageProblems.filter((p) => !/status of (400|401|409)/.test(p) && !p.startsWith(sf.url));
    expect(problems, problems.join('\n')).toEqual([]);
  });
});
