import { describe, expect, it } from 'vitest';
import { listSteps } from './walk.ts';
import { checkStepShape } from './shape.ts';

describe('step kinds by name only', () => {
  it('a step whose type is a key of Object.prototype is a malformed step, not a crash', () => {
    for (const type of ['toString', 'constructor', '__proto__', 'hasOwnProperty']) {
      const steps = [{ id: 'a', type, steps: [{ id: 'b' }] }];
      expect(listSteps(steps, 100).visits.map((v) => v.path)).toEqual(['steps[0]']);
      expect(checkStepShape(steps[0], 'steps[0]').problems).toEqual([{ path: 'steps[0].type', message: expect.stringMatching(/^must be one of "action", "if"/) }]);
    }
  });
});
