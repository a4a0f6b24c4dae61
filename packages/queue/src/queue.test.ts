import { describe, expect, it } from 'vitest';
import { backoffMs, checkEnqueue, checkWork } from './queue.ts';

describe('enqueue and work options', () => {
  it('fills in the documented defaults', () => {
    expect(checkEnqueue('recipe-run')).toEqual({ group: null, groupConcurrency: null, maxAttempts: 5, runAt: null });
    // A limit without a group limits nothing.
    expect(checkEnqueue('recipe-run', { groupConcurrency: 1 }).groupConcurrency).toBeNull();
    expect(checkEnqueue('recipe-run', { group: 'r1', groupConcurrency: 1 })).toMatchObject({ group: 'r1', groupConcurrency: 1 });
  });

  it('refuses values that would silently misbehave', () => {
    // Only letters, digits and _ . : - (see checkName).
    expect(() => checkEnqueue('a/b')).toThrow(TypeError);
    expect(() => checkEnqueue('')).toThrow(TypeError);
    expect(() => checkEnqueue('x', { group: '' })).toThrow(TypeError);
    expect(() => checkEnqueue('x', { group: 'g', groupConcurrency: 0 })).toThrow(RangeError);
    expect(() => checkEnqueue('x', { maxAttempts: 1.5 })).toThrow(RangeError);
    expect(() => checkEnqueue('x', { runAt: new Date('nonsense') })).toThrow(RangeError);
    expect(() => checkWork('x', { concurrency: 0 })).toThrow(RangeError);
  });
});

describe('backoffMs', () => {
  it('doubles per attempt with up to 100% jitter, like pg-boss retryBackoff', () => {
    expect([1, 2, 3, 4].map((attempt) => backoffMs(1_000, attempt, 0))).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect(backoffMs(1_000, 3, 0.999)).toBeCloseTo(7_996);
    // The exponent stops growing, as pg-boss's LEAST(16, …) does.
    expect(backoffMs(1, 40, 0)).toBe(2 ** 16);
  });
});
