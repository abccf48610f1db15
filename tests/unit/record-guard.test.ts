import { describe, expect, it } from 'vitest';
import { asCallRecord } from '../../utils/record-guard';

describe('records arriving in a message', () => {
  it('keeps a well-formed record as it is', () => {
    const rec = {
      sessionId: 's', startTime: 1, direction: 'in', seatDevice: 'phone', caller: '138', callee: '0755', remark: 'r',
      status: { code: 1, key: 'ok', label: '正常结束', connected: true }, duration: 5, agentName: 'a', staffNo: '1', skillGroup: 'g',
      satisfaction: '满意', hangup: 'user', recordUrl: 'https://tccc.qcloud.com/x.mp3', customRecordUrl: null, linkOnDemand: false, source: 'tap',
    };
    expect(asCallRecord(rec)).toEqual(rec);
  });

  it('turns wrong types into safe defaults and refuses records without a session id', () => {
    const out = asCallRecord({ sessionId: 'x', caller: 42, direction: 'sideways', duration: 'NaN', status: 'ok', recordUrl: { evil: true }, remark: ['a'] })!;
    expect(out).toMatchObject({ caller: '', direction: null, duration: 0, recordUrl: null, remark: '', status: { code: null, key: '', label: '', connected: false } });
    for (const bad of [null, 'x', 1, {}, { sessionId: '' }, { sessionId: 7 }]) expect(asCallRecord(bad)).toBeNull();
  });
});
