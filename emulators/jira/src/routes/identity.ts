import { json } from '@patchbay/emulator-kit';
import type { ApiRoute } from '../api.ts';
import { renderUser } from '../render/entities.ts';
import { jiraTimestamp } from '../time.ts';

/** `GET /myself` (§4) and `GET /serverInfo`. */
export const identityRoutes: readonly ApiRoute[] = [
  {
    method: 'GET',
    path: '/myself',
    scope: 'read:jira-user',
    handler: ({ links, store, accountId }) => {
      const user = store.user(accountId);
      if (!user) return json(404, { errorMessages: ['The user does not exist.'], errors: {} });
      return json(200, {
        ...renderUser(links, user),
        locale: user.locale,
        groups: { size: 0, items: [] },
        applicationRoles: { size: 1, items: [] },
        expand: 'groups,applicationRoles',
      });
    },
  },
  {
    method: 'GET',
    path: '/serverInfo',
    scope: 'read:jira-user',
    anonymous: true,
    // `baseUrl` is the site even when asked through the gateway: it is the site's own address.
    handler: ({ links, store }) =>
      json(200, {
        baseUrl: links.siteUrl,
        displayUrl: links.siteUrl,
        version: '1001.0.0-SNAPSHOT',
        versionNumbers: [1001, 0, 0],
        deploymentType: 'Cloud',
        buildNumber: 100285,
        buildDate: '2025-01-06T00:00:00.000+0000',
        serverTime: jiraTimestamp(store.now()),
        scmInfo: 'emulator',
        serverTitle: 'Jira',
        defaultLocale: { locale: 'en_US' },
        serverTimeZone: 'Etc/UTC',
      }),
  },
];
