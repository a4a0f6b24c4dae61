import { thrownCode } from '@patchbay/testkit';
import { ephemeralPayloadCipher } from '@patchbay/vault';
import { createStore } from '@patchbay/store';
import { describe, expect, it } from 'vitest';
import { JobPayloads, payloadsOf, storeWithPayloads } from './payloads.ts';

const payloads = new JobPayloads(ephemeralPayloadCipher());
const row = { id: 'job_a', trigger_event: '{"body":{"n":1}}', steps: '{"records":[],"dropped":0}', result: '{"ok":true}', error: '{"code":"x","message":"m"}' };

describe('job payloads', () => {
  it('seals values written together as one group, the error alone, and opens them back', () => {
    const sealed = payloads.sealColumns(row.id, row);
    expect(sealed.trigger_event.startsWith('enc1:')).toBe(true);
    expect([sealed.steps, sealed.result]).toEqual(['enc1:@trigger_event', 'enc1:@trigger_event']);
    expect(sealed.error.startsWith('enc1:pk1:')).toBe(true);
    expect(payloads.openColumns(sealed)).toEqual(row);
    // The list reads the error alone.
    expect(payloads.openColumns({ id: row.id, error: sealed.error })).toEqual({ id: row.id, error: row.error });
  });

  it('seals a single column alone, and an outcome (steps and result) as its own group', () => {
    const inserted = payloads.sealColumns(row.id, { id: row.id, trigger_event: row.trigger_event, steps: null, result: null, error: null });
    expect([inserted.steps, inserted.result, inserted.error]).toEqual([null, null, null]);
    const outcome = payloads.sealColumns(row.id, { steps: row.steps, result: row.result, error: null });
    expect(outcome.result).toBe('enc1:@steps');
    expect(payloads.openColumns({ ...inserted, ...outcome })).toEqual({ ...row, error: null });
  });

  it('reads rows written before encryption as they are', () => {
    expect(payloads.openColumns(row)).toEqual(row);
  });

  it('refuses a group moved to another job, and references the group does not answer', () => {
    const sealed = payloads.sealColumns(row.id, row);
    expect(thrownCode(() => payloads.openColumns({ ...sealed, id: 'job_b' }))).toBe('secrets_tampered');
    expect(thrownCode(() => payloads.openColumns({ ...sealed, error: 'enc1:@trigger_event' }))).toBe('secrets_tampered');
    expect(thrownCode(() => payloads.openColumns({ ...sealed, steps: 'enc1:@steps' }))).toBe('secrets_tampered');
    expect(thrownCode(() => payloads.openColumns({ ...sealed, steps: 'enc1:@nothing' }))).toBe('secrets_tampered');
    expect(thrownCode(() => payloads.openColumns({ id: row.id, result: sealed.result }))).toBe('secrets_tampered');
  });

  it('is carried by the engine store handle only', async () => {
    const store = createStore('sqlite::memory:');
    try {
      expect(() => payloadsOf(store.db)).toThrow(/no job payload cipher/);
      const withPayloads = storeWithPayloads(store, payloads);
      expect(payloadsOf(withPayloads.db)).toBe(payloads);
      await withPayloads.db.transaction().execute(async (tx) => {
        expect(payloadsOf(tx)).toBe(payloads);
      });
    } finally {
      await store.close();
    }
  });
});
