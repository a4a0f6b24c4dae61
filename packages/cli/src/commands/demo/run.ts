import { loadConfig } from '@patchbay/core';
import { connectApi } from '../../api-client.ts';
import { CliError, flag, type Command, type Io } from '../../command.ts';
import type { DemoApps } from '../../demo/setup.ts';
import { ensureConnections, ensureRecipes, startRecipesWhenConnected } from '../../demo/setup.ts';
import { writeDemoState } from '../../demo/state.ts';
import { serverFilePath, writeServerFile } from '../../server-file.ts';
import { shutdownSignal } from '../../signals.ts';
import { type Started, startEmulator } from '../emulate.ts';

const APPS = [
  { key: 'salesforceProduction', app: 'salesforce', title: 'Salesforce production', orgName: 'Acme (production)' },
  { key: 'salesforceSandbox', app: 'salesforce', title: 'Salesforce sandbox', orgName: 'Acme (sandbox)' },
  { key: 'zendesk', app: 'zendesk', title: 'Zendesk' },
  { key: 'jira', app: 'jira', title: 'Jira' },
] as const;

/** The emulators, on the ports after Patchbay's (8081–8084 by default), so a restart keeps the connections' URLs. */
async function startApps(basePort: number, autoApprove: boolean): Promise<{ apps: DemoApps; started: Started[] }> {
  const started: Started[] = [];
  try {
    for (const [index, spec] of APPS.entries()) {
      const port = basePort === 0 ? 0 : basePort + index + 1;
      const orgName = 'orgName' in spec ? spec.orgName : undefined;
      started.push(await startEmulator(spec.app, { port, autoApprove, ...(orgName ? { orgName } : {}) }).catch((err: unknown) => {
        if (err instanceof Error && 'code' in err && err.code === 'EADDRINUSE') throw new CliError(`port ${port} (for the ${spec.title} emulator) is in use: stop what listens there, or set PORT so that PORT+1…PORT+4 are free.`);
        throw err;
      }));
    }
  } catch (err) {
    await Promise.all(started.map((s) => s.close()));
    throw err;
  }
  const [salesforceProduction, salesforceSandbox, zendesk, jira] = started;
  if (!salesforceProduction || !salesforceSandbox || !zendesk || !jira) throw new Error('an emulator did not start');
  return { apps: { salesforceProduction, salesforceSandbox, zendesk, jira }, started };
}

/**
 * What another terminal needs for the CLI to find this server and its token: nothing in the same
 * folder (server.json and admin-token are in the default data dir); the data dir when it is not the
 * default, as an absolute path so that it holds from any folder.
 */
function cliEnvOf(dataDir: string, io: Io): string {
  return io.env.PATCHBAY_DATA_DIR?.trim() ? `PATCHBAY_DATA_DIR=${dataDir} ` : '';
}

function instructions(url: string, dataDir: string, io: Io, started: Started[], connections: { id: string; name: string }[], recipes: Record<string, string>): string {
  const cliEnv = cliEnvOf(dataDir, io);
  return [
    `Patchbay demo is running at ${url}.${io.env.PATCHBAY_ADMIN_TOKEN ? ' Give the CLI the same PATCHBAY_ADMIN_TOKEN (or PATCHBAY_TOKEN).' : ''}`,
    'Emulated apps:',
    ...APPS.map((spec, i) => `  ${spec.title.padEnd(22)} ${started[i]?.url ?? ''}  (log in as ${started[i]?.user.username ?? ''} / ${started[i]?.user.password ?? ''})`),
    'Next, in another terminal:',
    `  1. Connect each connection: ${cliEnv}npx patchbay connections authorize <id>, open the URL, log in and Allow:`,
    ...connections.map((c) => `       ${c.id}  ${c.name}`),
    '  2. Each recipe starts by itself once its connections are connected (this terminal says so):',
    ...Object.entries(recipes).map(([name, id]) => `       ${id}  ${name}`),
    `  3. ${cliEnv}npx patchbay demo add account "Acme"  (or: demo add case "Printer on fire"), then ${cliEnv}npx patchbay jobs list <recipe id>`,
    'Ctrl-C stops the demo; its connections and recipes stay in the data dir for the next "npm run demo".',
    '',
  ].join('\n');
}

/** The instructions' facts, for scripts. */
function readyJson(url: string, dataDir: string, started: Started[], connections: { id: string; name: string }[], recipes: Record<string, string>) {
  return {
    url,
    serverFile: serverFilePath(dataDir),
    apps: Object.fromEntries(APPS.map((spec, i) => [spec.key, { title: spec.title, url: started[i]?.url ?? '', user: started[i]?.user ?? null }])),
    connections: connections.map((c) => ({ id: c.id, name: c.name })),
    recipes,
  };
}

export const demo: Command = {
  path: ['demo'],
  summary: 'Start Patchbay with emulated Salesforce (production and sandbox), Zendesk and Jira, four connections to connect and three recipes, until Ctrl-C.',
  usage: [
    '  --auto-approve   the emulated apps approve an authorisation at once, without their login page (for scripts)',
    '  --json           print the ready line as JSON ({ "url", "apps", "connections", "recipes" }), then each later',
    '                   message as a JSON line { "message" }',
    '',
    'Uses the same settings as "patchbay serve" (PORT, PATCHBAY_DATA_DIR, …); the emulators listen on PORT+1 to PORT+4.',
    'Like "serve", writes its URL into <data dir>/server.json for the CLI in another terminal.',
  ].join('\n'),
  options: { 'auto-approve': { type: 'boolean' }, json: { type: 'boolean' } },
  async run(args, io) {
    // The request log would bury the instructions (the demo checks its recipes every second):
    // warnings only, unless the user asks for more.
    const config = loadConfig({ PATCHBAY_LOG_LEVEL: 'warn', ...io.env }, io.cwd);
    const signal = shutdownSignal();
    const { apps, started } = await startApps(config.port, flag(args, 'auto-approve'));
    const closeApps = () => Promise.all(started.map((s) => s.close()));
    const { startPatchbay } = await import('@patchbay/server');
    const running = await startPatchbay(config).catch(async (err: unknown) => {
      await closeApps();
      throw err;
    });
    let stopWatch = () => {};
    let removeServerFile = async () => {};
    try {
      removeServerFile = await writeServerFile(config.dataDir, running.url);
      const api = await connectApi({ ...io, env: { ...io.env, PATCHBAY_URL: running.url } });
      const connections = await ensureConnections(api, apps);
      const recipes = await ensureRecipes(api, connections);
      await writeDemoState(config.dataDir, {
        patchbayUrl: running.url,
        apps: { salesforceProduction: apps.salesforceProduction.url, salesforceSandbox: apps.salesforceSandbox.url, zendesk: apps.zendesk.url, jira: apps.jira.url },
        recipes,
      });
      const json = flag(args, 'json');
      if (json) io.out(`${JSON.stringify(readyJson(running.url, config.dataDir, started, Object.values(connections), recipes))}\n`);
      else io.out(instructions(running.url, config.dataDir, io, started, Object.values(connections), recipes));
      stopWatch = startRecipesWhenConnected(api, Object.values(recipes), (line) => io.out(json ? `${JSON.stringify({ message: line })}\n` : `${line}\n`));
      await signal.signalled;
    } finally {
      stopWatch();
      await removeServerFile();
      await running.close();
      await closeApps();
    }
    return 0;
  },
};
