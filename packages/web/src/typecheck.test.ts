import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const WEB = fileURLToPath(new URL('..', import.meta.url));
const TSC = fileURLToPath(new URL('../../../node_modules/typescript/bin/tsc', import.meta.url));

/*
 * The browser app (app/) is its own TypeScript program: DOM types and JSX, which the repository's
 * Node program (`npm run typecheck`) neither has nor should have. This test is how CI checks it.
 */
describe('the web app', () => {
  it('typechecks under its own tsconfig (DOM, JSX)', async () => {
    const result = await promisify(execFile)(process.execPath, [TSC, '--noEmit', '-p', WEB]).then(
      () => ({ code: 0, output: '' }),
      (err: { code?: number; stdout?: string; stderr?: string }) => ({ code: err.code ?? 1, output: `${err.stdout ?? ''}${err.stderr ?? ''}` }),
    );
    expect(result.output).toBe('');
    expect(result.code).toBe(0);
  }, 120_000);
});
