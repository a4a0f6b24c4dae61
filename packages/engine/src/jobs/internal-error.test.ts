import { UpstreamError } from '@patchbay/core';
import { describe, expect, it } from 'vitest';
import type { RecipeDefinition } from '../definition/schema.ts';
import { runRecipe } from './runner.ts';

const definition: RecipeDefinition = {
  name: 'one step',
  connections: {},
  trigger: { connector: 'webhook', trigger: 'event' },
  steps: [{ id: 'call', connector: 'builtin', action: 'do', input: { a: 1 } }],
};

async function runThrowing(err: unknown) {
  const logged: { err: unknown; path: string }[] = [];
  const result = await runRecipe(definition, {}, {
    evaluate: async (mapping) => mapping,
    runAction: async () => {
      throw err;
    },
    sleep: async () => {},
    onInternalError: (e, path) => logged.push({ err: e, path }),
  });
  return { result, logged };
}

describe('a step that fails inside Patchbay', () => {
  it('is reported once to onInternalError with its path, and recorded as internal_error', async () => {
    const bug = new TypeError('Cannot read properties of undefined');
    const { result, logged } = await runThrowing(bug);
    expect(logged).toEqual([{ err: bug, path: 'steps[0]' }]);
    expect(result.status).toBe('failed');
    expect(result.steps[0]?.error).toMatchObject({ code: 'internal_error' });
  });

  it('is not reported when the error is one of ours (the app failed): the job history says it all', async () => {
    const { result, logged } = await runThrowing(new UpstreamError('action_failed', 'The app failed.'));
    expect(logged).toEqual([]);
    expect(result.steps[0]?.error).toMatchObject({ code: 'action_failed' });
  });
});
