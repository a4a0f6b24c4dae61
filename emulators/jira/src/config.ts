/** Fixed values of the Jira emulator: what tests, the demo and a person signing in can rely on. */

export const DEFAULT_CLIENT_ID = 'patchbay-emulator-jira-client';
export const DEFAULT_CLIENT_SECRET = 'emulator-jira-client-secret';
export const DEFAULT_SITE_NAME = 'patchbay-demo';
/** The classic API token of the demo user (Basic `email:token` on the site URL, §2). */
export const API_TOKEN = 'emulator-jira-api-token';

export const DEMO_USER = {
  accountId: '712020:9c472bf6-5d1e-4c4f-9a3e-2b7d8f1e6a01',
  email: 'integration@patchbay-demo.example',
  password: 'demo-password',
  displayName: 'Patchbay Integration',
  timeZone: 'UTC',
  locale: 'en_US',
} as const;

/** Scopes a token gets when `POST /__emulator/tokens` names none (the classic Jira scopes of §3). */
export const DEFAULT_SCOPES = ['read:jira-work', 'write:jira-work', 'read:jira-user', 'offline_access', 'manage:jira-project'] as const;

/** Every scope the authorize endpoint accepts; anything else is refused as `invalid_scope`. */
export const KNOWN_SCOPES: ReadonlySet<string> = new Set([...DEFAULT_SCOPES, 'manage:jira-configuration', 'manage:jira-webhook', 'manage:jira-data-provider']);

/** Atlassian's 3LO authorize endpoint only issues codes for this audience (§3). */
export const AUDIENCE = 'api.atlassian.com';
