import { describe, expect, it } from 'vitest';
import { pageNotice, type NoticeFacts } from '../../utils/page-model/page-notice';

const facts = (over: Partial<NoticeFacts>): NoticeFacts => ({
  table: false,
  emptyConfirmed: false,
  diagnosis: null,
  recordsHere: false,
  ...over,
});
const noHeaders = () => [];

describe('the notice on a workbench page', () => {
  it('stays away while the table is there with rows', () => {
    expect(pageNotice(facts({ table: true }), noHeaders)).toBeNull();
  });

  it('says the table has no rows once it stayed empty', () => {
    expect(pageNotice(facts({ table: true, emptyConfirmed: true }), noHeaders)).toEqual({ kind: 'no-rows' });
  });

  it('names the missing columns and the headers it did recognise', () => {
    const notice = pageNotice(facts({ diagnosis: { kind: 'missing-headers', missing: ['时间'] } }), () => ['主叫号码', '被叫号码']);
    expect(notice).toEqual({ kind: 'no-table', missing: ['时间'], found: ['主叫号码', '被叫号码'] });
  });

  it('reads the recognised headers only when it names missing columns', () => {
    let reads = 0;
    const count = () => {
      reads++;
      return [];
    };
    pageNotice(facts({ table: true, emptyConfirmed: true }), count);
    pageNotice(facts({ diagnosis: { kind: 'no-table' }, recordsHere: true }), count);
    expect(reads).toBe(0);
  });

  it('says records came but no table shows them, naming the columns a table needs', () => {
    for (const diagnosis of [null, { kind: 'no-table' } as const]) {
      expect(pageNotice(facts({ diagnosis, recordsHere: true }), noHeaders)).toEqual({
        kind: 'records-no-table',
        missing: ['时间', '主叫号码', '被叫号码'],
      });
    }
  });

  it('says nothing on a view without a table where no records came', () => {
    expect(pageNotice(facts({ diagnosis: { kind: 'no-table' } }), noHeaders)).toBeNull();
  });
});
