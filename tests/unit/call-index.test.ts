import { afterEach, describe, expect, it } from 'vitest';
import { createCallIndex } from '../../utils/page-dom/call-index';
import { timeCandidates } from '../../utils/record/call-text';
import { normalizeRecord } from '../../utils/page-json/normalize';
import type { CallRecord } from '../../utils/record/record';

const zoneAtStart = process.env.TZ;
/** The browser's time zone, as far as this process's Date is concerned. */
function inZone(zone: string) {
  process.env.TZ = zone;
}
afterEach(() => {
  if (zoneAtStart === undefined) delete process.env.TZ;
  else process.env.TZ = zoneAtStart;
});

function call(raw: Record<string, unknown>): CallRecord {
  const n = normalizeRecord(raw);
  if (!n.ok) throw new Error('not a record');
  return n.record;
}

/** 2024-03-05 09:15:30 in China (UTC+8). */
const START = Date.UTC(2024, 2, 5, 1, 15, 30) / 1000;

function indexOf(...calls: CallRecord[]) {
  const index = createCallIndex();
  for (const c of calls) index.put(c);
  return index;
}

describe('tying a table row to its call', () => {
  const a = call({ SessionId: 'uuid-a', StartTimestamp: START, Caller: '008613812345678', Callee: '0086075512345678', Duration: 12 });

  it('by its time and numbers, however the page writes them', () => {
    inZone('Asia/Shanghai');
    const index = indexOf(a);
    for (const shown of [
      { time: '2024-03-05 09:15:30', caller: '13812345678', callee: '075512345678' },
      { time: '2024/03/05\n09:15:30', caller: '+86 138 1234 5678', callee: '0086075512345678' },
      { time: '2024-03-05 09:15:30', caller: '8613812345678', callee: '075512345678' },
      { time: String(START), caller: '13812345678', callee: '075512345678' },
    ]) {
      expect(index.bind({ ...shown, ids: [] }).call?.sessionId).toBe('uuid-a');
    }
    expect(index.bind({ time: '2024-03-05 09:15:31', caller: '13812345678', callee: '075512345678', ids: [] })).toEqual({
      call: null,
      why: 'no-call',
    });
  });

  it('protected numbers too', () => {
    inZone('Asia/Shanghai');
    const p = call({
      SessionId: 'u',
      StartTimestamp: String(START),
      Caller: '',
      ProtectedCaller: '138****5678',
      Callee: '',
      ProtectedCallee: '0755****5678',
    });
    expect(indexOf(p).bind({ time: '2024-03-05 09:15:30', caller: '138****5678', callee: '0755****5678', ids: [] }).call?.sessionId).toBe(
      'u',
    );
  });

  it.each(['UTC', 'Asia/Shanghai', 'America/New_York', 'Asia/Kolkata'])(
    'whatever the browser’s zone (%s), when the page prints China time or the browser’s',
    (zone) => {
      inZone(zone);
      const index = indexOf(a);
      const browserText = (() => {
        const d = new Date(START * 1000);
        const pad = (n: number) => String(n).padStart(2, '0');
        return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
      })();
      for (const time of ['2024-03-05 09:15:30', browserText]) {
        expect(index.bind({ time, caller: '13812345678', callee: '075512345678', ids: [] }).call?.sessionId).toBe('uuid-a');
      }
    },
  );

  it('never by a guess: two calls that fit in different zones leave the row untied', () => {
    inZone('UTC');
    // The same two numbers, eight hours apart: "09:15:30" is one call in UTC and the other in China time.
    const b = call({ SessionId: 'uuid-b', StartTimestamp: START + 8 * 3600, Caller: '008613812345678', Callee: '0086075512345678' });
    const index = indexOf(a, b);
    expect(index.bind({ time: '2024-03-05 09:15:30', caller: '13812345678', callee: '075512345678', ids: [] })).toEqual({
      call: null,
      why: 'ambiguous',
    });
    // In China's zone both sides agree, and the row is the one call.
    inZone('Asia/Shanghai');
    expect(index.bind({ time: '2024-03-05 09:15:30', caller: '13812345678', callee: '075512345678', ids: [] }).call?.sessionId).toBe(
      'uuid-a',
    );
  });

  it('by a session id the row carries, before and without its time', () => {
    inZone('UTC');
    const b = call({ SessionId: 'uuid-b', StartTimestamp: START + 8 * 3600, Caller: '008613812345678', Callee: '0086075512345678' });
    const index = indexOf(a, b);
    expect(
      index.bind({ time: '2024-03-05 09:15:30', caller: '13812345678', callee: '075512345678', ids: ['下载录音文件', 'uuid-b'] }).call
        ?.sessionId,
    ).toBe('uuid-b');
    expect(index.bind({ time: '', caller: '', callee: '', ids: ['uuid-a'] }).call?.sessionId).toBe('uuid-a');
    // Two known ids in one row: its time and numbers pick, or nothing does.
    expect(
      index.bind({ time: '2024-03-05 17:15:30', caller: '13812345678', callee: '075512345678', ids: ['uuid-a', 'uuid-b'] }).call?.sessionId,
    ).toBe('uuid-b');
    expect(index.bind({ time: '2020-01-01 00:00:00', caller: '1', callee: '2', ids: ['uuid-a', 'uuid-b'] })).toEqual({
      call: null,
      why: 'ambiguous',
    });
  });

  it('says why a row stays untied: no call fits, or its time cannot be read', () => {
    const index = indexOf(a);
    expect(index.bind({ time: '2024-03-05 09:15:30', caller: '13900001111', callee: '075512345678', ids: [] })).toEqual({
      call: null,
      why: 'no-call',
    });
    expect(index.bind({ time: '-', caller: '13812345678', callee: '075512345678', ids: [] })).toEqual({ call: null, why: 'no-time' });
  });

  it('follows a call whose record comes again with another time', () => {
    inZone('Asia/Shanghai');
    const index = indexOf(a);
    index.put({ ...a, startTime: START + 60 });
    expect(index.bind({ time: '2024-03-05 09:15:30', caller: '13812345678', callee: '075512345678', ids: [] }).call).toBeNull();
    expect(index.bind({ time: '2024-03-05 09:16:30', caller: '13812345678', callee: '075512345678', ids: [] }).call?.sessionId).toBe(
      'uuid-a',
    );
  });
});

describe('the instants a printed time can mean', () => {
  it('one when the browser is in China’s zone, two elsewhere, the epoch itself for a number', () => {
    inZone('Asia/Shanghai');
    expect(timeCandidates('2024-03-05 09:15:30')).toEqual([START]);
    inZone('UTC');
    expect(timeCandidates('2024-03-05 09:15:30')).toEqual([START + 8 * 3600, START]);
    expect(timeCandidates(String(START))).toEqual([START]);
    expect(timeCandidates('-')).toEqual([]);
  });
});
