import { describe, expect, it } from 'vitest';
import { startDirectDownloads, type DownloadOptions } from '../../utils/direct-download';
import type { CallRecord } from '../../utils/record';

function record(over: Partial<CallRecord>): CallRecord {
  return {
    sessionId: 'a1b2c3d4-0000-4000-8000-000000000001',
    startTime: 1_764_000_000,
    direction: 'in',
    seatDevice: 'computer',
    caller: '13812345678',
    callee: '075500000',
    remark: '',
    status: { code: 1, key: 'ok', label: '正常结束', connected: true },
    duration: 65,
    agentName: '张三',
    staffNo: '1001',
    skillGroup: '售后服务',
    satisfaction: null,
    hangup: 'user',
    recordUrl: 'https://tccc.qcloud.com/tcccadmin/getRecord/k/t/000-x.mp3',
    customRecordUrl: null,
    source: 'tap',
    ...over,
  };
}

describe('downloading a selection straight away', () => {
  it('asks for one download per recording, named after the call, in one folder', async () => {
    const calls: DownloadOptions[] = [];
    const result = await startDirectDownloads(
      [record({}), record({ sessionId: 's-2', caller: '', recordUrl: null, customRecordUrl: 'https://b.cos.ap-guangzhou.myqcloud.com/x.mp3' })],
      async (o) => (calls.push(o), calls.length),
      'TCCC录音',
      Date.UTC(2026, 10, 24, 12),
    );
    expect(result).toEqual({ accepted: 2, rejected: 0 });
    expect(calls[0]!.url).toBe('https://tccc.qcloud.com/tcccadmin/getRecord/k/t/000-x.mp3');
    expect(calls[1]!.url).toBe('https://b.cos.ap-guangzhou.myqcloud.com/x.mp3');
    const folders = calls.map((c) => c.filename.split('/').slice(0, -1).join('/'));
    expect(new Set(folders).size).toBe(1);
    expect(calls[0]!.filename).toMatch(/^TCCC录音\/\d{8}-\d{6}\/\d{8}-\d{6}_13812345678_075500000_张三_a1b2c3d4-0000-4000-8000-000000000001\.mp3$/);
    expect(calls[1]!.filename).toContain('s-2');
  });

  it('skips records without a recording or with a link to a foreign host', async () => {
    const calls: DownloadOptions[] = [];
    const result = await startDirectDownloads(
      [record({ recordUrl: null }), record({ recordUrl: 'https://evil.example/x.mp3' }), { nope: true }, null],
      async (o) => (calls.push(o), 1),
      'TCCC录音',
    );
    expect(calls).toEqual([]);
    expect(result).toEqual({ accepted: 0, rejected: 4 });
  });
});
