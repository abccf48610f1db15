import type { CallRecord } from '../../utils/record/record';

export const RECORDING_LINK = 'https://tccc.qcloud.com/tcccadmin/getRecord/k/t/a.mp3';

/** A call as the normalizer makes it, with a recording at `RECORDING_LINK` unless told otherwise. */
export function callRecord(sessionId: string, over: Partial<CallRecord> = {}): CallRecord {
  return {
    sessionId,
    startTime: 1_764_000_000,
    direction: 'in',
    seatDevice: null,
    caller: '138',
    callee: '0755',
    remark: '',
    status: { code: 1, key: 'ok', label: '正常结束', connected: true },
    duration: 30,
    agentName: '',
    staffNo: '',
    skillGroup: '',
    satisfaction: null,
    hangup: 'user',
    recordUrl: RECORDING_LINK,
    customRecordUrl: null,
    linkOnDemand: false,
    source: 'tap',
    ...over,
  };
}
