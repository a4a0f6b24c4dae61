import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CliError } from '../command.ts';

/** What `patchbay demo` leaves in the data dir for `patchbay demo add`: where the emulated apps listen. */
export interface DemoState {
  patchbayUrl: string;
  apps: { salesforceProduction: string; salesforceSandbox: string; zendesk: string; jira: string };
  recipes: Record<string, string>;
}

const FILE = 'demo.json';

export async function writeDemoState(dataDir: string, state: DemoState): Promise<void> {
  await writeFile(join(dataDir, FILE), `${JSON.stringify(state, null, 2)}\n`);
}

export async function readDemoState(dataDir: string): Promise<DemoState> {
  let text: string;
  try {
    text = await readFile(join(dataDir, FILE), 'utf8');
  } catch {
    throw new CliError(`No demo is set up in ${dataDir}: run "npm run demo" (it keeps running) and try again in another terminal.`, 2);
  }
  const parsed: unknown = JSON.parse(text);
  if (typeof parsed !== 'object' || parsed === null || !('apps' in parsed) || !('patchbayUrl' in parsed) || !('recipes' in parsed)) {
    throw new CliError(`${join(dataDir, FILE)} is not a demo state file: run "npm run demo" again.`, 2);
  }
  const { apps, patchbayUrl, recipes } = parsed;
  const url = (value: unknown) => (typeof value === 'string' ? value : '');
  const appsOf = typeof apps === 'object' && apps !== null ? { ...apps } : {};
  return {
    patchbayUrl: url(patchbayUrl),
    apps: {
      salesforceProduction: url(Reflect.get(appsOf, 'salesforceProduction')),
      salesforceSandbox: url(Reflect.get(appsOf, 'salesforceSandbox')),
      zendesk: url(Reflect.get(appsOf, 'zendesk')),
      jira: url(Reflect.get(appsOf, 'jira')),
    },
    recipes: Object.fromEntries(Object.entries(typeof recipes === 'object' && recipes !== null ? recipes : {}).map(([k, v]) => [k, url(v)])),
  };
}
