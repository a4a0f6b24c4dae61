import { describe, expect, it } from 'vitest';
import { IdFactory, checksumSuffix, normalizeId } from './ids.ts';

describe('Salesforce ids', () => {
  it('computes the 18-character suffix of a recorded id', () => {
    // 001J6000005uLCHIA2 is a real Account id from a recorded response (fact sheet [N3]).
    expect(checksumSuffix('001J6000005uLCH')).toBe('IA2');
    expect(normalizeId('001J6000005uLCH')).toBe('001J6000005uLCHIA2');
  });

  it('treats 18-character ids case-insensitively and rejects non-ids', () => {
    expect(normalizeId('001j6000005ulchia2')).toBe('001J6000005uLCHIA2');
    expect(normalizeId('001J6000005uLCH!A2')).toBeUndefined();
    expect(normalizeId('001J6000005uLC')).toBeUndefined();
  });

  it('issues ids that sort in creation order', () => {
    const ids = new IdFactory();
    const issued = Array.from({ length: 100 }, () => ids.next('001'));
    expect([...issued].sort()).toEqual(issued);
    for (const id of issued) expect(normalizeId(id)).toBe(id);
  });
});
