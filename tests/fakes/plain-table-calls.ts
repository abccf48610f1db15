import { normalizeRecord } from '../../utils/page-json/normalize';
import type { CallRecord } from '../../utils/record/record';

/** A time as the browser's clock prints it (plain-table.html prints times so). */
export const local = (h: number, mi: number, s: number) => new Date(2024, 2, 5, h, mi, s).getTime() / 1000;

export function call(raw: Record<string, unknown>): CallRecord {
  const n = normalizeRecord({ Duration: 30, EndStatus: 1, ...raw });
  if (!n.ok) throw new Error('not a record');
  return n.record;
}

/** The three calls tests/unit/fixtures/plain-table.html shows, as the page's data names them. */
export const PLAIN_TABLE_CALLS = [
  call({ SessionId: 'call-a', StartTimestamp: local(9, 15, 30), Caller: '008613812345678', Callee: '0086075512345678' }),
  call({ SessionId: 'call-b', StartTimestamp: local(10, 0, 0), Caller: '0086075512345678', Callee: '008613900001111' }),
  call({ SessionId: 'call-c', StartTimestamp: local(11, 30, 0), Caller: '', ProtectedCaller: '138****5678', Callee: '0086075512345678' }),
];
