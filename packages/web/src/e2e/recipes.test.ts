import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startSalesforceEmulator, type SalesforceEmulator } from '@patchbay/emulator-salesforce';
import { startTestServer, type TestServer } from '../../../server/src/testing/test-server.ts';
import { describeViolations, ensureWebBuild, launchBrowser, screenshot, seriousViolations, watchedPage } from './browser.ts';

/*
 * Issue 9, the recipe screens in a real browser against the real server and two emulated Salesforce
 * orgs: the Recipes list, a new recipe built in the editor with a primary and a secondary Salesforce
 * slot, the object pick list disabled with "Connect Salesforce to choose" until the connection is
 * connected through the Connect popup at the emulator's login page, then live (a custom object added
 * in the org appears on Refresh), datapills, a field error from the server, Edit as JSON, the
 * Connections tab binding both slots, Start, a webhook call and its job, the Versions tab, Import.
 */

let server: TestServer;
let production: SalesforceEmulator;
let sandbox: SalesforceEmulator;
let browser: Browser;
let page: Page;
let recipeId = '';
/** Anything the page's Content-Security-Policy refused, or an uncaught error: the UI must cause none. */
const pageProblems: string[] = [];

async function api(path: string, init: RequestInit & { json?: unknown } = {}) {
  return server.api(path, init);
}

async function createSalesforceConnection(name: string, org: SalesforceEmulator): Promise<string> {
  const answer = await api('/api/v1/connections', {
    method: 'POST',
    json: { connector: 'salesforce', name, fields: { serverUrl: org.url, clientId: org.clientId, clientSecret: org.clientSecret } },
  });
  expect(answer.status, answer.text).toBe(201);
  return (answer.body as { id: string }).id;
}

async function expectAccessible(name: string, options: { fullPage?: boolean } = {}) {
  await screenshot(page, name, options);
  const violations = await seriousViolations(page);
  expect(violations, describeViolations(violations)).toEqual([]);
}

const tab = (name: string) => page.getByRole('tab', { name, exact: true });
const objectPicklist = () => page.getByRole('combobox', { name: /^Object/ });

beforeAll(async () => {
  ensureWebBuild();
  production = await startSalesforceEmulator({ autoApprove: false, orgName: 'Acme production' });
  sandbox = await startSalesforceEmulator({ autoApprove: true, orgName: 'Acme sandbox' });
  server = await startTestServer();
  browser = await launchBrowser();
  page = await watchedPage(browser, pageProblems);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await production?.close();
  await sandbox?.close();
});

describe('recipes in a real browser', () => {
  it('shows an empty Recipes list that says what a recipe is and what to do', async () => {
    await page.goto(`${server.url}/sign-in?redirect=/recipes`);
    await page.getByLabel('API token').fill(server.token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Recipes', level: 1 }).waitFor();
    const empty = await page.locator('.empty').textContent();
    expect(empty).toMatch(/No recipes yet/);
    expect(empty).toMatch(/New recipe/);
    expect(await page.getByRole('button', { name: 'Import' }).count()).toBe(1);
    await expectAccessible('recipes-empty');
  });

  it('creates a recipe with New recipe and opens it in the editor', async () => {
    await page.getByRole('button', { name: 'New recipe' }).click();
    await page.getByRole('heading', { name: 'Untitled recipe', level: 1 }).waitFor();
    recipeId = new URL(page.url()).pathname.split('/').pop() ?? '';
    expect(recipeId).toMatch(/^rcp_/);
    expect(await tab('Editor').getAttribute('aria-selected')).toBe('true');
    // A webhook trigger and no steps; Start is possible at once (no slot to wait for).
    expect(await page.getByLabel('Starts when').inputValue()).toBe('builtin:webhook:webhook');
    expect(await page.getByRole('button', { name: 'Start' }).isEnabled()).toBe(true);
  });

  it('adds a primary and a secondary Salesforce slot and a Create record step whose object pick list waits for a connection', async () => {
    await page.getByLabel('Recipe name').fill('Mirror new accounts');
    for (const slot of ['primary', 'secondary']) {
      await page.getByLabel('Slot name').fill(slot);
      await page.getByLabel('App', { exact: true }).selectOption({ label: 'Salesforce' });
      await page.getByRole('button', { name: 'Add slot' }).click();
      await page.getByRole('button', { name: `Remove slot ${slot}` }).waitFor();
    }
    await page.getByLabel('Type of the new step').selectOption({ label: 'Action in an app' });
    await page.getByRole('button', { name: 'Add step', exact: true }).click();
    const step = page.getByRole('region', { name: /step_1/ });
    await step.getByLabel('App connection').selectOption({ label: 'primary (Salesforce)' });
    await step.getByLabel('Action').selectOption({ label: 'Create record' });

    await objectPicklist().waitFor();
    expect(await objectPicklist().isDisabled()).toBe(true);
    await step.getByText('Connect Salesforce to choose').waitFor();
    expect(await step.getByRole('button', { name: 'Connect', exact: true }).count()).toBe(1);
    await expectAccessible('editor-disabled-picklist');

    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved as version 2.' }).waitFor();
    await page.getByRole('heading', { name: 'Mirror new accounts', level: 1 }).waitFor();
    // Start waits for both slots, and says so in words.
    expect(await page.getByRole('button', { name: 'Start' }).isDisabled()).toBe(true);
    expect(await page.locator('.start-reason').first().textContent()).toMatch(/Salesforce \(primary\) is not bound to a connection; Salesforce \(secondary\) is not bound/);
  });

  it('binds the primary slot on the Connections tab, then connects it through the Connect popup at the app login page; the list loads without a reload', async () => {
    const primaryId = await createSalesforceConnection('Acme production', production);
    // The unbound slot's Connect leads to the Connections tab.
    await page.getByRole('region', { name: /step_1/ }).getByRole('button', { name: 'Connect', exact: true }).click();
    expect(await tab('Connections').getAttribute('aria-selected')).toBe('true');
    const primaryRow = page.getByRole('article', { name: 'Salesforce (primary)' });
    await primaryRow.getByRole('button', { name: 'Change' }).click();
    await primaryRow.getByLabel('Connection for Salesforce (primary)').selectOption({ label: 'Acme production — Disconnected' });
    await primaryRow.getByRole('button', { name: 'Use this connection' }).click();
    await primaryRow.getByText('Acme production', { exact: true }).waitFor();
    expect(await primaryRow.textContent()).toMatch(/Disconnected/);
    // Bound but not connected: Connect is offered in the row; the secondary slot has no connection yet.
    expect(await primaryRow.getByRole('button', { name: 'Connect', exact: true }).count()).toBe(1);
    expect(await page.getByRole('article', { name: 'Salesforce (secondary)' }).textContent()).toMatch(/No connection chosen/);
    await expectAccessible('recipe-connections-unconnected');

    // Back in the editor, the slot is bound but not connected: Connect opens the app's login popup.
    await tab('Editor').click();
    await objectPicklist().waitFor();
    expect(await objectPicklist().isDisabled()).toBe(true);
    const reloads: string[] = [];
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) reloads.push(frame.url());
    });
    const popupOpened = page.waitForEvent('popup');
    await page.getByRole('region', { name: /step_1/ }).getByRole('button', { name: 'Connect', exact: true }).click();
    const popup = await popupOpened;
    await popup.getByLabel('Username').fill(production.user.username);
    await popup.getByLabel('Password').fill(production.user.password);
    await popup.getByRole('button', { name: 'Log in' }).click();
    // The callback page posts the result to this window and closes itself.
    const popupClosed = popup.waitForEvent('close', { timeout: 15_000 });
    await popup.getByRole('button', { name: 'Allow' }).click();
    await popupClosed;

    // Live without a reload: the objects of the org, from the app, in an enabled select.
    await objectPicklist().locator('option[value="Account"]').waitFor({ state: 'attached' });
    expect(await objectPicklist().isEnabled()).toBe(true);
    expect(await page.getByText('Connect Salesforce to choose').count()).toBe(0);
    expect(reloads).toEqual([]);
    const connection = await api(`/api/v1/connections/${primaryId}`);
    expect((connection.body as { status: string }).status).toBe('connected');
    await expectAccessible('editor-live-picklist');
  });

  it('shows a custom object added in the org after the list is refreshed from the app', async () => {
    const added = await fetch(`${production.url}/__emulator/fields`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ object: 'Shipment__c', name: 'Carrier__c', type: 'string', label: 'Carrier' }),
    });
    expect(added.status, await added.text()).toBe(201);
    // The list is cached per connection: the new object shows only when it is fetched again.
    expect(await objectPicklist().locator('option[value="Shipment__c"]').count()).toBe(0);
    await page.getByRole('button', { name: 'Refresh object list' }).click();
    await objectPicklist().locator('option[value="Shipment__c"]').waitFor({ state: 'attached' });

    await objectPicklist().selectOption('Shipment__c');
    // The dynamic schema through the connection: the custom object's own fields.
    await page.getByLabel('Carrier', { exact: false }).first().waitFor();
    await objectPicklist().selectOption('Account');
    await page.getByLabel('Account Name', { exact: false }).first().waitFor();
  });

  it('inserts a datapill from the trigger with the keyboard', async () => {
    const name = page.getByLabel('Account Name', { exact: false }).first();
    await name.fill('');
    const picker = page.getByRole('button', { name: /^Insert data into Account Name/ });
    await picker.focus();
    await page.keyboard.press('Enter');
    const list = page.getByRole('listbox', { name: /^Data for Account Name/ });
    await list.waitFor();
    const options = await list.getByRole('option').allTextContents();
    expect(options.some((o) => o.startsWith('trigger.body'))).toBe(true);
    await expectAccessible('editor-datapill-picker');
    // trigger, trigger.method, trigger.query, trigger.headers, trigger.body: four steps down.
    const bodyIndex = options.findIndex((o) => o.startsWith('trigger.body'));
    for (let i = 0; i < bodyIndex; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await list.waitFor({ state: 'detached' });
    expect(await name.inputValue()).toBe('{{ trigger.body }}');
  });

  it('shows the server’s validation error at the field and in a summary', async () => {
    const name = page.getByLabel('Account Name', { exact: false }).first();
    await name.fill('{{ steps.nope.output.id }}');
    await page.getByRole('button', { name: 'Save' }).click();
    const summary = page.locator('.editor > .banner.error');
    await summary.waitFor();
    expect(await summary.textContent()).toMatch(/Not saved: the recipe has a problem, shown at its field:\s*steps\[0\]\.input\.record\.Name refers to step "nope"/);
    await page.locator('.schema-field-errors').filter({ hasText: 'refers to step "nope"' }).waitFor();
    expect(await name.getAttribute('aria-invalid')).toBe('true');
    await expectAccessible('editor-field-error');

    await name.fill('{{ trigger.body.name }}');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved as version 3.' }).waitFor();
    expect(await summary.count()).toBe(0);
  });

  it('edits the whole definition as JSON, showing JSON errors', async () => {
    await page.getByRole('button', { name: 'Edit as JSON' }).click();
    const area = page.getByLabel('Recipe definition (JSON)');
    const text = await area.inputValue();
    const definition = JSON.parse(text) as { name: string; connections: Record<string, unknown>; steps: { input: { object: string } }[] };
    expect(Object.keys(definition.connections)).toEqual(['primary', 'secondary']);
    expect(definition.steps[0]?.input.object).toBe('Account');

    await area.fill(`${text.slice(0, -2)},,}`);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('alert').filter({ hasText: 'This is not valid JSON' }).waitFor();
    await expectAccessible('editor-json');

    await area.fill(JSON.stringify({ ...definition, description: 'Each call creates an account in production.' }, null, 2));
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved as version 4.' }).waitFor();
    await page.getByRole('button', { name: 'Edit as JSON' }).click();
    expect(await page.getByRole('textbox', { name: 'Description', exact: true }).inputValue()).toBe('Each call creates an account in production.');
  });

  it('asks before leaving with unsaved changes', async () => {
    await page.getByLabel('Recipe name').fill('Mirror new accounts (draft)');
    page.once('dialog', (dialog) => void dialog.dismiss());
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Recipes' }).click();
    await page.waitForTimeout(300);
    expect(new URL(page.url()).pathname).toBe(`/recipes/${recipeId}`);
    await page.getByRole('button', { name: 'Discard changes' }).click();
    expect(await page.getByLabel('Recipe name').inputValue()).toBe('Mirror new accounts');
  });

  it('nests steps under an If, indented, numbered in document order, and moves and removes them', async () => {
    await page.getByLabel('Type of the new step', { exact: true }).selectOption({ label: 'If (condition)' });
    await page.getByRole('button', { name: 'Add step', exact: true }).click();
    const ifStep = page.getByRole('region', { name: /If \(condition\) \(if_1\)/ });
    await ifStep.waitFor();
    await ifStep.getByLabel('Type of the new step in Then of if_1').selectOption({ label: 'Set values' });
    await ifStep.getByRole('button', { name: 'Add step to Then of if_1' }).click();
    const nested = ifStep.getByRole('list', { name: 'Then of if_1' }).getByRole('region', { name: /Set values \(set_1\)/ });
    await nested.waitFor();
    expect(await nested.getByRole('heading', { level: 3 }).textContent()).toMatch(/^3\./);
    // The condition's datapills include the step before the If.
    await ifStep.getByRole('button', { name: 'Insert data into Condition' }).click();
    const pills = await page.getByRole('listbox', { name: 'Data for Condition' }).getByRole('option').allTextContents();
    expect(pills.some((p) => p.startsWith('steps.step_1.output.id'))).toBe(true);
    await page.keyboard.press('Escape');

    await page.getByRole('button', { name: 'Move step if_1 up' }).click();
    const topLevel = page.getByRole('list', { name: 'Steps', exact: true }).locator(':scope > li > section > .step-head h3');
    expect(await topLevel.allTextContents()).toEqual(['1. If (condition) (if_1)', '3. Salesforce: Create record (step_1)']);
    await expectAccessible('editor-nested-steps');
    await page.getByRole('button', { name: 'Remove step set_1' }).click();
    expect(await nested.count()).toBe(0);
    await page.getByRole('button', { name: 'Discard changes' }).click();
    expect(await ifStep.count()).toBe(0);
  });

  it('binds the secondary slot to a second org and connects it from the Connections tab; Start becomes possible', async () => {
    await createSalesforceConnection('Acme sandbox', sandbox);
    // The tablist works with the keyboard: Right arrow from Editor shows Connections.
    await tab('Editor').focus();
    await page.keyboard.press('ArrowRight');
    expect(await tab('Connections').getAttribute('aria-selected')).toBe('true');
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Connections');

    const row = page.getByRole('article', { name: 'Salesforce (secondary)' });
    await row.getByRole('button', { name: 'Change' }).click();
    await row.getByLabel('Connection for Salesforce (secondary)').selectOption({ label: 'Acme sandbox — Disconnected' });
    await row.getByRole('button', { name: 'Use this connection' }).click();
    const popupOpened = page.waitForEvent('popup');
    await row.getByRole('button', { name: 'Connect', exact: true }).click();
    const popup = await popupOpened;
    // The sandbox org approves without asking: the popup goes straight back and closes.
    if (!popup.isClosed()) await popup.waitForEvent('close', { timeout: 15_000 });
    await row.locator('.slot-status.ready').waitFor();
    expect(await row.textContent()).toMatch(/Connected as/);
    const primary = await page.getByRole('article', { name: 'Salesforce (primary)' }).textContent();
    expect(primary).toMatch(/Acme production/);
    expect(primary).toMatch(/Connected/);
    await expectAccessible('recipe-connections');
    expect(await page.getByRole('button', { name: 'Start' }).isEnabled()).toBe(true);
  });

  it('starts the recipe, runs a job from a webhook call and shows it in the Jobs tab', async () => {
    await page.getByRole('button', { name: 'Start' }).click();
    await page.getByRole('button', { name: 'Stop' }).waitFor();
    const webhookUrl = await page.locator('.webhook-url code').textContent();
    expect(webhookUrl).toMatch(/\/webhooks\//);
    const call = await fetch(webhookUrl ?? '', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Acme from the webhook' }) });
    expect(call.status).toBe(202);

    await tab('Jobs').click();
    await page.getByRole('tabpanel').getByRole('cell', { name: /Succeeded/ }).first().waitFor({ timeout: 20_000 });
    const records = (await (await fetch(`${production.url}/__emulator/records/Account`)).json()) as { records: { Name: string }[] };
    expect(records.records.map((r) => r.Name)).toContain('Acme from the webhook');

    // The job itself: its steps, each with its status and what it sent and got.
    await page.getByRole('tabpanel').getByRole('link', { name: /^job_/ }).first().click();
    await page.getByRole('heading', { name: /^Job job_/, level: 1 }).waitFor();
    const step = page.getByRole('article', { name: /step_1/ });
    await step.waitFor();
    expect(await step.textContent()).toMatch(/Succeeded/);
    expect(await page.getByText('Acme from the webhook').count()).toBeGreaterThan(0);
    await page.goBack();
    await page.getByRole('tab', { name: 'Jobs' }).waitFor();
  });

  it('lists the versions, marks the running one and shows a version’s definition', async () => {
    await tab('Versions').click();
    const table = page.getByRole('table');
    await table.waitFor();
    expect(await table.getByRole('row').count()).toBe(5); // header + versions 4, 3, 2, 1
    expect(await table.getByRole('row', { name: /Version 4/ }).textContent()).toMatch(/Running, Current/);
    await page.getByRole('button', { name: 'View version 4' }).click();
    const json = await page.getByLabel('Definition of version 4').textContent();
    expect(JSON.parse(json ?? '')).toMatchObject({ name: 'Mirror new accounts', description: 'Each call creates an account in production.' });
    await expectAccessible('recipe-versions');
    // An older version shows what it held then: version 1 is the recipe New recipe made, with no steps.
    await page.getByRole('button', { name: 'View version 1' }).click();
    const first = JSON.parse((await page.getByLabel('Definition of version 1').textContent()) ?? '') as { name: string; steps: unknown[] };
    expect(first.steps).toEqual([]);
    expect(first.name).not.toBe('Mirror new accounts');
  });

  it('lists the recipe with its status, trigger and connections', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Recipes' }).click();
    const row = page.getByRole('row', { name: /Mirror new accounts/ });
    await row.waitFor();
    const text = await row.textContent();
    expect(text).toMatch(/Running/);
    expect(text).toMatch(/Webhook: HTTP request received/);
    expect(text).toMatch(/All 2 ready/);
    await expectAccessible('recipes-list');
  });

  it('imports an exported recipe as a new, stopped one', async () => {
    const exported = await api(`/api/v1/recipes/${recipeId}/export`);
    await page.getByRole('button', { name: 'Import' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import a recipe' });
    await dialog.getByLabel('Recipe JSON').fill('{ not json');
    await dialog.getByRole('button', { name: 'Import recipe' }).click();
    await dialog.getByRole('alert').filter({ hasText: 'This is not JSON' }).waitFor();
    await expectAccessible('recipes-import', { fullPage: false });
    await dialog.getByLabel('Recipe JSON').fill(JSON.stringify({ ...(exported.body as object), name: 'Imported copy' }));
    await dialog.getByRole('button', { name: 'Import recipe' }).click();
    await page.getByRole('heading', { name: 'Imported copy', level: 1 }).waitFor();
    expect(await page.locator('.recipe-status').first().textContent()).toBe('Stopped');
  });

  it('ran without a refused script or style (CSP) or an uncaught error', () => {
    // The sign-in probe's 401 and the invalid save's 400 (shown at the field above) are the expected ones.
    expect(pageProblems.filter((p) => !/status of (400|401)/.test(p))).toEqual([]);
  });
});
