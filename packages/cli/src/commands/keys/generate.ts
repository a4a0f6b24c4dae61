import { flag, JSON_OPTION, type Command } from '../../command.ts';
import { formatJson } from '../../output.ts';

export const generateKey: Command = {
  path: ['keys', 'generate'],
  summary: 'Print a new random master key (32 bytes, base64) for PATCHBAY_MASTER_KEY.',
  usage: [
    '  --json   print { "key", "kid" } as JSON',
    '',
    'Store the key in your secret manager and set PATCHBAY_MASTER_KEY to it. Keep a backup: without it,',
    'stored credentials cannot be decrypted. To switch keys later, see "patchbay keys rotate --help".',
  ].join('\n'),
  options: JSON_OPTION,
  async run(args, io) {
    const { generateMasterKey, parseMasterKey } = await import('@patchbay/vault');
    const key = generateMasterKey();
    // The key id is what errors and `keys rotate` name: printing it lets a script tell keys apart without their bytes.
    io.out(flag(args, 'json') ? formatJson({ key, kid: parseMasterKey(key).kid }) : `${key}\n`);
    return 0;
  },
};
