// Type-level tests: `tsc --noEmit -p .` fails if an expectation stops holding. At run time they
// only check that the schemas refuse what the types refuse.
import type { JobStatusValue } from '@patchbay/store';
import Type, { type Static } from 'typebox';
import { Value } from 'typebox/value';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { JobStatus, JobSummary, JobView, RecipeStatus } from './views.ts';

type Statuses = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

describe('job status', () => {
  it('is the union of its five literals, never `never`', () => {
    expectTypeOf<JobStatus>().not.toBeNever();
    expectTypeOf<JobStatus>().toEqualTypeOf<Statuses>();
    expectTypeOf<Static<typeof RecipeStatus>>().toEqualTypeOf<'stopped' | 'running'>();
  });

  it('types the status of job summaries and views, and the store\'s status type, alike', () => {
    expectTypeOf<JobSummary['status']>().toEqualTypeOf<JobStatus>();
    expectTypeOf<JobView['status']>().toEqualTypeOf<JobStatus>();
    expectTypeOf<JobStatusValue>().toEqualTypeOf<JobStatus>();
  });

  it('is refused at run time when it is anything else', () => {
    expect(Value.Check(JobStatus, 'succeeded')).toBe(true);
    expect(Value.Check(JobStatus, 'bogus')).toBe(false);
    const summary = { id: 'job_1', recipeId: 'rcp_1', recipeVersion: 1, status: 'done', error: null, rerunOf: null, createdAt: '2026-12-03T10:00:00.000Z', startedAt: null, finishedAt: null };
    expect(Value.Check(JobSummary, summary)).toBe(false);
    expect(Value.Check(JobSummary, { ...summary, status: 'failed' })).toBe(true);
  });

  it('why the literals are listed one by one: a mapped array of literals types as `never`', () => {
    const mapped = Type.Union(['queued', 'running'].map((status) => Type.Literal(status)));
    expectTypeOf<Static<typeof mapped>>().toBeNever();
  });
});
