import type { CallRecord } from './record';

/** An obviously made-up call, for previews of what a setting does to real ones. */
export const SAMPLE_RECORD: CallRecord = {
  sessionId: '3c5f9a2e-7b1d-4e8a-9f60-0123456789ab',
  startTime: Math.floor(new Date(2026, 10, 24, 9, 30, 5).getTime() / 1000),
  direction: 'in',
  seatDevice: 'computer',
  caller: '13812345678',
  callee: '075512345678',
  remark: '',
  status: { code: 1, key: 'ok', label: '正常结束', connected: true },
  duration: 185,
  agentName: '张三',
  staffNo: '1001',
  skillGroup: '售后服务',
  satisfaction: '满意',
  hangup: 'user',
  recordUrl: null,
  customRecordUrl: null,
  linkOnDemand: false,
  source: 'tap',
};
