import type { Command } from '../../command.ts';

export const generateKey: Command = {
  path: ['keys', 'generate'],
  summary: 'Print a new random master key (32 bytes, base64) for PATCHBAY_MASTER_KEY.',
  usage: [
    'Store the key in your secret manager and set PATCHBAY_MASTER_KEY to it. Keep a backup: without it,',
    'stored credentials cannot be decrypted. To switch keys later, see "patchbay keys rotate --help".',
  ].join('\n'),
  async run(_args, io) {
    const { generateMasterKey } = await import('@patchbay/vault');
    io.out(`${generateMasterKey()}\n`);
    return 0;
  },
};
