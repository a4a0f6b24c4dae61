import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../../../server/src/testing/test-server.ts';
import { describeViolations, ensureWebBuild, launchBrowser, seriousViolations, WIDTHS } from './browser.ts';

/*
 * The sign-in page in a real browser, read through its console: nobody signed in is not an error,
 * so the page logs none (no "Failed to load resource: 401" from a session probe), whether it is
 * opened directly, reached from another page, or shown again after sign-out.
 */

let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
/** Console errors and uncaught errors, with the page they happened on. */
let problems: string[] = [];
/** Every answer of 400 or more the page received, by path. */
let failed: string[] = [];

beforeAll(async () => {
  ensureWebBuild();
  server = await startTestServer({ workers: false });
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: WIDTHS.desktop });
  context.setDefaultTimeout(10_000);
  page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`${page.url()}: ${message.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`${page.url()}: ${err.message}`));
  page.on('response', (response) => {
    if (response.status() >= 400) failed.push(`${response.status()} ${new URL(response.url()).pathname}`);
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

beforeEach(() => {
  problems = [];
  failed = [];
});

const signInHeading = () => page.getByRole('heading', { name: 'Sign in', level: 1 });
const connectionsHeading = () => page.getByRole('heading', { name: 'Connections', level: 1 });

async function signIn(): Promise<void> {
  await page.getByLabel('API token').fill(server.token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await connectionsHeading().waitFor();
}

describe('the sign-in page with nobody signed in', () => {
  it('opened directly, logs no console error', async () => {
    await page.goto(`${server.url}/sign-in`);
    await signInHeading().waitFor();
    // Settled: the page has made every request it makes on load.
    await page.waitForLoadState('networkidle');
    expect(failed).toEqual([]);
    expect(problems).toEqual([]);
    const violations = await seriousViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);
  });

  it('reached from another page of the UI, logs none either and remembers where it was going', async () => {
    await page.goto(`${server.url}/jobs`);
    await signInHeading().waitFor();
    await page.waitForLoadState('networkidle');
    expect(new URL(page.url()).searchParams.get('redirect')).toBe('/jobs');
    expect(failed).toEqual([]);
    expect(problems).toEqual([]);
  });
});

describe('once signed in', () => {
  it('a reload keeps the session, and the sign-in page sends a signed-in person on', async () => {
    await page.goto(`${server.url}/sign-in`);
    await signIn();
    await page.reload();
    await connectionsHeading().waitFor();
    await page.goto(`${server.url}/sign-in`);
    await connectionsHeading().waitFor();
    expect(failed).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('after Sign out, the sign-in page and a reload of it log no console error', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signInHeading().waitFor();
    await page.reload();
    await signInHeading().waitFor();
    await page.waitForLoadState('networkidle');
    expect(failed).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('a session ended on the server leads to sign-in once; from then on, no more 401s', async () => {
    await signIn();
    // The session ends without this browser knowing (expired, or signed out elsewhere).
    await server.store.db.deleteFrom('sessions').execute();
    await page.goto(`${server.url}/connections`);
    await signInHeading().waitFor();
    // The server said so with a 401: the one honest error of this test.
    expect(failed).toEqual(['401 /api/session']);

    failed = [];
    problems = [];
    await page.reload();
    await signInHeading().waitFor();
    await page.waitForLoadState('networkidle');
    expect(failed).toEqual([]);
    expect(problems).toEqual([]);
  });
});
