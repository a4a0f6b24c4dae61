import { describe, expect, it } from 'vitest';
import { COMMANDS } from './index.ts';

describe('every command', () => {
  it('takes --json (a boolean option) and says so in its usage', () => {
    for (const command of COMMANDS) {
      const name = command.path.join(' ');
      expect(command.options?.json, name).toEqual({ type: 'boolean' });
      expect(command.usage, name).toMatch(/--json\s/);
    }
  });
});
