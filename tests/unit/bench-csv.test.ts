import { describe, expect, it } from 'vitest';
import { readCsv } from '../bench/csv';
import { manifestCsv } from '../../utils/queue/manifest';
import { planEnqueue } from '../../utils/queue/transitions';
import { callRecord } from '../fakes/records';

describe('the benchmark’s strict CSV reader', () => {
  it('reads quoted fields with commas, quotes and line breaks, and skips the BOM', () => {
    expect(readCsv('\ufeff"a","b"\r\n"x,1","say ""hi""\r\nbye"\r\n')).toEqual([
      ['a', 'b'],
      ['x,1', 'say "hi"\r\nbye'],
    ]);
  });

  it('refuses what RFC 4180 does not allow', () => {
    expect(() => readCsv('a,b\r\n"x",y"z\r\n')).toThrow(/quote/);
    expect(() => readCsv('a,b\r\n"x\r\n')).toThrow(/unterminated/);
    expect(() => readCsv('a,b\r\nx\r\n')).toThrow(/1 fields/);
  });

  it('opens a manifest as one record per call', () => {
    const { items } = planEnqueue([callRecord('a', { remark: 'a "b", c\r\nd' }), callRecord('b')], {
      batchId: 'b',
      label: 'L',
      now: 0,
      known: new Set(),
      force: false,
      nameFor: (r) => r.sessionId,
    });
    const rows = readCsv(manifestCsv(items));
    expect(rows).toHaveLength(3);
    expect(rows[1]![12]).toBe('a "b", c\r\nd');
  });
});
