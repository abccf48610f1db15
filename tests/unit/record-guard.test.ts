import { describe, expect, it } from 'vitest';
import { asCallRecord, callsToQueue } from '../../utils/record/record-guard';
import { callRecord } from '../fakes/records';
import { RECORD_LIMITS } from '../../utils/record/record';

describe('records arriving in a message', () => {
  it('keeps a well-formed record as it is', () => {
    const rec = callRecord('s', { seatDevice: 'phone', remark: 'r', agentName: 'a', staffNo: '1', skillGroup: 'g', satisfaction: '满意' });
    expect(asCallRecord(rec)).toEqual(rec);
  });

  it('turns wrong types into safe defaults and refuses records without a session id', () => {
    const out = asCallRecord({
      sessionId: 'x',
      caller: 42,
      direction: 'sideways',
      duration: 'NaN',
      status: 'ok',
      recordUrl: { evil: true },
      remark: ['a'],
    })!;
    expect(out).toMatchObject({
      caller: '',
      direction: null,
      duration: 0,
      recordUrl: null,
      remark: '',
      status: { code: null, key: '', label: '', connected: false },
    });
    for (const bad of [null, 'x', 1, {}, { sessionId: '' }, { sessionId: 7 }]) expect(asCallRecord(bad)).toBeNull();
  });

  it('keeps only recording links, so a placeholder or another host never reaches the queue, and a placeholder never hides the COS copy', () => {
    const cos = 'https://b-125.cos.ap-guangzhou.myqcloud.com/a.mp3';
    expect(asCallRecord({ sessionId: 's', recordUrl: '-', customRecordUrl: cos })).toMatchObject({ recordUrl: null, customRecordUrl: cos });
    for (const bad of ['无', 'null', '#', '/tcccadmin/getRecord/a.mp3', 'https://evil.example/a.mp3'])
      expect(asCallRecord({ sessionId: 's', recordUrl: bad })!.recordUrl, bad).toBeNull();
  });

  it('bounds what a record holds, and keeps the app it was read on only when it is one', () => {
    const out = asCallRecord({ sessionId: 's', remark: 'r'.repeat(20_000), satisfaction: 's'.repeat(20_000), sdkAppId: '1400000000' })!;
    expect(out.remark).toHaveLength(RECORD_LIMITS.text);
    expect(out.satisfaction).toHaveLength(RECORD_LIMITS.text);
    expect(out.sdkAppId).toBe('1400000000');
    expect(asCallRecord({ sessionId: 's', sdkAppId: 'x/../1' })).not.toHaveProperty('sdkAppId');
    expect(asCallRecord({ sessionId: 'x'.repeat(RECORD_LIMITS.sessionId + 1) })).toBeNull();
  });
});

describe('calls a workbench tab asks to download', () => {
  it('are queued rebuilt, and those out of shape are dropped', () => {
    const calls = callsToQueue([callRecord('s1'), { sessionId: 42 }, null, callRecord('s2')], null);
    expect(calls.map((c) => c.sessionId)).toEqual(['s1', 's2']);
  });

  it("take the sending tab's workbench app where they name none, and keep their own where they do", () => {
    const calls = callsToQueue([callRecord('s1'), { ...callRecord('s2'), sdkAppId: '1400000002' }], '1400000001');
    expect(calls.map((c) => c.sdkAppId)).toEqual(['1400000001', '1400000002']);
  });

  it('name no app where neither they nor the tab does', () => {
    expect(callsToQueue([callRecord('s1')], null)[0]).not.toHaveProperty('sdkAppId');
  });
});
