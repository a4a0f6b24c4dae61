import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Connector } from '@patchbay/sdk';

/** `connectors/` at the repository's root: one folder per connector. */
export const CONNECTORS_DIR = fileURLToPath(new URL('../../../connectors/', import.meta.url));

function isConnector(value: unknown): value is Connector {
  if (typeof value !== 'object' || value === null) return false;
  const { key, title, connection, actions, triggers, picklists } = { ...value } as Record<string, unknown>;
  return typeof key === 'string' && typeof title === 'string' && typeof connection === 'object' && connection !== null
    && [actions, triggers, picklists].every((part) => typeof part === 'object' && part !== null);
}

/**
 * Connectors are found, not listed: every folder under `dir` whose `src/index.ts` default-exports a
 * connector made with `defineConnector`, keyed by the folder's name. Adding a connector is adding a
 * folder; a folder whose module is not a connector, or whose key differs from its name, stops the
 * start with a message naming it (a half-written connector should not be silently missing).
 */
export async function loadConnectors(dir: string = CONNECTORS_DIR): Promise<Connector[]> {
  const folders = readdirSync(dir, { withFileTypes: true }).filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, 'src', 'index.ts')));
  const connectors: Connector[] = [];
  for (const folder of folders.map((f) => f.name).sort()) {
    const module: unknown = await import(pathToFileURL(join(dir, folder, 'src', 'index.ts')).href);
    const candidate = typeof module === 'object' && module !== null ? Reflect.get(module, 'default') : undefined;
    if (!isConnector(candidate)) throw new Error(`connectors/${folder}/src/index.ts must default-export a connector made with defineConnector.`);
    if (candidate.key !== folder) throw new Error(`connectors/${folder} declares key "${candidate.key}": a connector's folder is named after its key.`);
    connectors.push(candidate);
  }
  return connectors;
}
