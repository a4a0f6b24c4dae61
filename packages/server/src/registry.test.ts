import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConnectors } from './registry.ts';

function folderWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'patchbay-connectors-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe('connectors are found, not listed', () => {
  it('loads every folder under connectors/, keyed by its name', async () => {
    const keys = (await loadConnectors()).map((c) => c.key);
    expect(keys).toEqual(expect.arrayContaining(['http', 'salesforce']));
    expect(keys).toEqual([...keys].sort());
  });

  it('skips folders without src/index.ts and refuses a module that is not a connector, or a key that is not its folder name', async () => {
    const notConnector = folderWith({ 'broken/src/index.ts': 'export default { hello: 1 };', 'docs/README.md': 'not a connector' });
    const misnamed = folderWith({ 'acme/src/index.ts': 'export default { key: "other", title: "t", connection: {}, actions: {}, triggers: {}, picklists: {} };' });
    try {
      await expect(loadConnectors(notConnector)).rejects.toThrow('connectors/broken/src/index.ts must default-export a connector');
      await expect(loadConnectors(misnamed)).rejects.toThrow('connectors/acme declares key "other"');
    } finally {
      rmSync(notConnector, { recursive: true, force: true });
      rmSync(misnamed, { recursive: true, force: true });
    }
  });
});
