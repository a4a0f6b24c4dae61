import http from '@patchbay/connector-http';
import { startEchoApp, startVault } from '@patchbay/vault/testing';
import { afterAll, expect, it } from 'vitest';
import { loopbackOnly } from './offline.ts';

const app = await startEchoApp();
const vault = await startVault({ connectors: [http], allowHttpHosts: ['unreachable.example'] });
afterAll(async () => {
  await vault.close();
  await app.close();
});

const causeOf = (err: unknown): unknown => (err instanceof Error ? err.cause : undefined);

it('while on, the vault client reaches loopback hosts and no other; afterwards every host again', async () => {
  const local = await vault.service.create(vault.actor, { connector: 'http', name: 'local', fields: { auth: 'none', baseUrl: app.url } });
  const remote = await vault.service.create(vault.actor, { connector: 'http', name: 'remote', fields: { auth: 'none', baseUrl: 'http://unreachable.example' } });
  const restore = loopbackOnly();
  try {
    expect(await vault.service.runAction(vault.actor, local.id, 'request', { method: 'GET', path: '/items' })).toMatchObject({ status: 200 });
    const refused = await vault.service.runAction(vault.actor, remote.id, 'request', { method: 'GET', path: '/x' }).catch((err: unknown) => err);
    expect(String(causeOf(refused))).toContain('the contract test reaches loopback hosts only');
    const fetched = await fetch('http://unreachable.example/').catch((err: unknown) => err);
    expect(causeOf(fetched)).toMatchObject({ code: 'ENOTFOUND', message: expect.stringContaining('loopback hosts only') });
  } finally {
    restore();
  }
  const after = await vault.service.runAction(vault.actor, remote.id, 'request', { method: 'GET', path: '/x' }).catch((err: unknown) => err);
  expect(String(causeOf(after))).not.toContain('loopback hosts only');
});
