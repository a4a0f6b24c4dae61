import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GENERATED_FILE, generateClientTypes } from './generate.ts';

const STALE = 'the OpenAPI document changed: run `npm run generate:client` and commit packages/client/src/api.ts';

/** "line N: committed … / generated …" for the first line that differs; '' when the texts are equal. */
function firstDifference(committed: string, generated: string): string {
  const a = committed.split('\n');
  const b = generated.split('\n');
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) return `first difference at line ${i + 1}:\n  committed: ${a[i] ?? '(end of file)'}\n  generated: ${b[i] ?? '(end of file)'}`;
  }
  return '';
}

describe('the committed client', () => {
  it('is what the live OpenAPI document generates', async () => {
    const generated = await generateClientTypes();
    const committed = readFileSync(GENERATED_FILE, 'utf8');
    const difference = firstDifference(committed, generated);
    // What to run, then where to look: not a diff of 3,000 lines.
    if (difference !== '') expect.fail(`${STALE}\n${difference}`);
  }, 120_000);
});
