import { describe, expect, it } from 'vitest';
import { createPageModel } from '../../utils/page-model/page-model';
import { normalizeRecord } from '../../utils/page-json/normalize';
import type { CallRecord } from '../../utils/record/record';

function call(id: string, start: number): CallRecord {
  const n = normalizeRecord({ SessionId: id, StartTimestamp: start, Caller: '008613812345678', Callee: '0086075512345678', Duration: 5 });
  if (!n.ok) throw new Error('not a record');
  return n.record;
}

describe('the page as the extension knows it', () => {
  const page1 = Array.from({ length: 100 }, (_, i) => call(`p1-${i}`, 1_700_000_000 + i));
  const page2 = Array.from({ length: 30 }, (_, i) => call(`p2-${i}`, 1_700_100_000 + i));

  it('a virtualized page is the whole list its drawn rows came in, the latest such list', () => {
    const model = createPageModel();
    model.addTapList(page1);
    model.addTapList(page2);
    expect(model.listHolding(page1.slice(40, 60))?.map((r) => r.sessionId)).toEqual(page1.map((r) => r.sessionId));
    expect(model.listHolding(page2.slice(0, 20))).toHaveLength(30);
    // A query that found some of the same calls again: its own list, not the older page.
    model.addTapList(page1.slice(45, 50));
    expect(model.listHolding(page1.slice(45, 48))).toHaveLength(5);
    expect(model.listHolding([call('unknown', 1)])).toBeNull();
    expect(model.listHolding([])).toBeNull();
  });

  it('ties rows to calls the page named, and only those', () => {
    const model = createPageModel();
    model.addTapList(page2);
    expect(model.bindRow({ time: String(1_700_100_003), caller: '13812345678', callee: '075512345678', ids: [] }).call?.sessionId).toBe(
      'p2-3',
    );
    expect(model.bindRow({ time: String(1_600_000_000), caller: '13812345678', callee: '075512345678', ids: [] }).call).toBeNull();
  });
});
