import { describe, expect, it } from 'vitest';
import { manifestCsv, manifestPath } from '../../utils/queue/manifest';
import { completed, planEnqueue, started } from '../../utils/queue/transitions';
import type { CallRecord } from '../../utils/record';

function rec(id: string, over: Partial<CallRecord> = {}): CallRecord {
  return {
    sessionId: id, startTime: null, direction: 'in', seatDevice: null, caller: '13812345678', callee: '075500000', remark: '',
    status: { code: 1, key: 'ok', label: '正常结束', connected: true }, duration: 65, agentName: '张三', staffNo: '1001', skillGroup: '售后',
    satisfaction: '满意', hangup: 'user', recordUrl: 'https://tccc.qcloud.com/r/a.mp3', customRecordUrl: null, linkOnDemand: false, source: 'tap', ...over,
  };
}

describe('the batch manifest 清单.csv', () => {
  const { items } = planEnqueue([rec('a', { remark: '客户说"再也不买了", 退款' }), rec('b', { recordUrl: null }), rec('c', { remark: '=HYPERLINK("x")' })], {
    batchId: 'b', label: 'L', now: 0, known: new Set(), force: false, nameFor: (r) => `TCCC录音/L/${r.sessionId}.mp3`,
  });
  const done = [completed(started(items[0]!, 1), '/home/u/Downloads/TCCC录音/L/a.mp3', 10), items[1]!, items[2]!];
  const csv = manifestCsv(done);
  const lines = csv.split('\r\n');

  it('starts with a BOM and a header, one row per call', () => {
    expect(csv.startsWith('\ufeff"会话ID"')).toBe(true);
    expect(lines.filter(Boolean)).toHaveLength(4);
  });

  it('says for each call its file, its state and why it was skipped', () => {
    expect(lines[1]).toContain('"a.mp3","已下载",""');
    expect(lines[2]).toContain('"","跳过","无录音"');
    expect(lines[3]).toContain('"","等待中",""');
  });

  it('quotes commas and quotes, and defuses spreadsheet formulas', () => {
    expect(lines[1]).toContain('"客户说""再也不买了"", 退款"');
    expect(lines[3]).toContain(`"'=HYPERLINK(""x"")"`);
  });

  it('goes beside the recordings', () => {
    expect(manifestPath(done)).toBe('TCCC录音/L/清单.csv');
    expect(manifestPath([])).toBeNull();
  });
});
