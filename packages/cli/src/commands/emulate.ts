import { CliError, flag, stringListOption, stringOption, type Command } from '../command.ts';
import { shutdownSignal } from '../signals.ts';

export const EMULATED_APPS = ['salesforce', 'zendesk', 'jira'] as const;
type App = (typeof EMULATED_APPS)[number];

const isApp = (name: string): name is App => EMULATED_APPS.some((app) => app === name);

/** What a running emulator prints for a person or a script to use it (beside the contract's two lines). */
export interface Started {
  url: string;
  clientId: string;
  clientSecret: string;
  user: { username: string; password: string };
  /** Lines of `name=value` pairs for a person, e.g. `subdomain=acme`. */
  extra: string[];
  /** The same facts for a script (`--json`). */
  details: Record<string, string>;
  close(): Promise<void>;
}

export interface EmulatorStartOptions {
  port?: number;
  redirectUris?: string[];
  autoApprove?: boolean;
  /** Salesforce only: the org's name on its login page (the demo runs a production and a sandbox org). */
  orgName?: string;
}

/** Starts one emulator; loaded lazily so other commands do not pay for the emulators. */
export async function startEmulator(app: App, options: EmulatorStartOptions): Promise<Started> {
  switch (app) {
    case 'salesforce': {
      const { startSalesforceEmulator } = await import('@patchbay/emulator-salesforce');
      const e = await startSalesforceEmulator(options);
      return { ...e, url: e.url, extra: [`org_id=${e.orgId}`], details: { orgId: e.orgId }, close: () => e.close() };
    }
    case 'zendesk': {
      const { startZendeskEmulator } = await import('@patchbay/emulator-zendesk');
      const e = await startZendeskEmulator(options);
      return {
        ...e,
        url: e.url,
        extra: [`subdomain=${e.subdomain}`, `agent_email=${e.agentEmail} api_token=${e.apiToken}`],
        details: { subdomain: e.subdomain, agentEmail: e.agentEmail, apiToken: e.apiToken },
        close: () => e.close(),
      };
    }
    case 'jira': {
      const { startJiraEmulator } = await import('@patchbay/emulator-jira');
      const e = await startJiraEmulator(options);
      return {
        ...e,
        url: e.url,
        extra: [`cloud_id=${e.cloudId} site=${e.siteName}`, `email=${e.email} api_token=${e.apiToken}`],
        details: { cloudId: e.cloudId, site: e.siteName, email: e.email, apiToken: e.apiToken },
        close: () => e.close(),
      };
    }
  }
}

function portOf(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port "${raw}" is not a port number: use 0 to 65535.`, 2);
  return port;
}

export const emulate: Command = {
  path: ['emulate'],
  summary: 'Run a local stand-in of Salesforce, Zendesk or Jira (OAuth, API and /__emulator/ controls) on 127.0.0.1 until Ctrl-C.',
  usage: [
    `  <app>                  one of ${EMULATED_APPS.join(', ')}`,
    '  --port <n>             port to listen on (default: a free one)',
    '  --redirect-uri <url>   an OAuth callback URL to accept (repeatable; default: any loopback URL)',
    '  --auto-approve         the authorize page redirects back with a code at once (for scripts)',
    '  --json                 print one JSON line { "url", "clientId", "clientSecret", "user", "details" } instead',
    '',
    'Prints "listening http://127.0.0.1:<port>" and "client_id=<id> client_secret=<secret>", then the demo user.',
  ].join('\n'),
  options: { port: { type: 'string' }, 'redirect-uri': { type: 'string', multiple: true }, 'auto-approve': { type: 'boolean' }, json: { type: 'boolean' } },
  positionals: ['app'],
  async run(args, io) {
    const app = args.positionals[0] ?? '';
    if (!isApp(app)) throw new CliError(`unknown app "${app}": use one of ${EMULATED_APPS.join(', ')}.`, 2);
    const stopped = shutdownSignal().signalled;
    const port = portOf(stringOption(args, 'port'));
    const running = await startEmulator(app, {
      ...(port === undefined ? {} : { port }),
      redirectUris: stringListOption(args, 'redirect-uri'),
      autoApprove: flag(args, 'auto-approve'),
    });
    if (flag(args, 'json')) {
      const { url, clientId, clientSecret, user, details } = running;
      io.out(`${JSON.stringify({ url, clientId, clientSecret, user, details })}\n`);
    } else {
      io.out(`listening ${running.url}\n`);
      io.out(`client_id=${running.clientId} client_secret=${running.clientSecret}\n`);
      io.out(`user=${running.user.username} password=${running.user.password}\n`);
      for (const line of running.extra) io.out(`${line}\n`);
    }
    await stopped;
    await running.close();
    return 0;
  },
};
