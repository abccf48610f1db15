/**
 * The one record model that travels from the page (tap or table) through the filters,
 * the queue, the file names and the manifest.
 */
export type Direction = 'in' | 'out';
export type HangupSide = 'seat' | 'user' | 'system';
export type SeatDevice = 'computer' | 'phone';

export interface CallStatus {
  /** `EndStatus` as the API gives it; null when only the page's label is known. */
  code: number | null;
  /** `EndStatusString` (e.g. `ok`, `notAnswer`), or '' when unknown. */
  key: string;
  /** What the page shows in 接入状态 (e.g. 正常结束); falls back to the key or the code. */
  label: string;
  connected: boolean;
}

export interface CallRecord {
  /** `SessionId`: the stable identity of a call. */
  sessionId: string;
  /** `StartTimestamp`, UNIX seconds; null when unknown. */
  startTime: number | null;
  direction: Direction | null;
  seatDevice: SeatDevice | null;
  /** The number as shown (the protected form when number protection is on). */
  caller: string;
  callee: string;
  remark: string;
  status: CallStatus;
  /** Seconds; 0 when never connected. */
  duration: number;
  agentName: string;
  staffNo: string;
  skillGroup: string;
  /** The satisfaction label as configured by the admin, or null when not rated. */
  satisfaction: string | null;
  hangup: HangupSide | null;
  /** `RecordURL`, then `CustomRecordURL`: where the recording can be fetched. */
  recordUrl: string | null;
  customRecordUrl: string | null;
  /**
   * The page's list gave no link field at all: the page asks for a call's link only when
   * its recording is played or downloaded, and so must we (see link-recipe.ts).
   */
  linkOnDemand: boolean;
  /** Where this record was read: the page's JSON (tap) or its table cells. */
  source: 'tap' | 'table';
  /**
   * The workbench app (SdkAppId) whose page showed the call, from the page's route at
   * capture; absent where the route named none. Only a tab of the same app is asked for its
   * link, and only such a tab's answer is taken (see link-trust.ts).
   */
  sdkAppId?: string;
}

/**
 * Bounds on what a record holds, whoever made it: the page's JSON is not ours, and what
 * passes here travels to the queue, the file names and the manifest. TCCC's session ids
 * are UUIDs; a remark longer than this is cut, a session id longer is no session id.
 */
export const RECORD_LIMITS = { sessionId: 128, text: 1000 } as const;

export const clipText = (text: string): string => (text.length > RECORD_LIMITS.text ? text.slice(0, RECORD_LIMITS.text) : text);

/** A SdkAppId as TCCC writes it: digits. */
export const isSdkAppId = (value: unknown): value is string => typeof value === 'string' && /^\d{1,20}$/.test(value);

/**
 * A link in hand, or, where the page gives links only on demand, a call that was talked:
 * calls that never connected have no recording (docs/reference/tccc-record-model.md).
 */
export function hasRecording(record: CallRecord): boolean {
  if (record.recordUrl || record.customRecordUrl) return true;
  return record.linkOnDemand && record.status.connected && record.duration > 0;
}

/** The 接入状态 codes the reference documents; unknown codes still display by their string. */
export const END_STATUS: Readonly<Record<number, { key: string; label: string }>> = {
  0: { key: 'error', label: '系统错误' },
  1: { key: 'ok', label: '正常结束' },
  2: { key: 'unconnected', label: '未接通' },
  17: { key: 'seatGiveUp', label: '坐席未接' },
  101: { key: 'seatForward', label: '坐席转接' },
  102: { key: 'ivrGiveUp', label: 'IVR 期间用户放弃' },
  103: { key: 'waitingGiveUp', label: '会话排队期间用户放弃' },
  104: { key: 'ringingGiveUp', label: '会话振铃期间用户放弃' },
  105: { key: 'noSeatOnline', label: '无坐席在线' },
  106: { key: 'notWorkTime', label: '非工作时间' },
  107: { key: 'ivrEnd', label: 'IVR 后直接结束' },
  201: { key: 'unknown', label: '未知状态' },
  202: { key: 'notAnswer', label: '未接听' },
  203: { key: 'userReject', label: '拒接挂断' },
  204: { key: 'powerOff', label: '关机' },
  205: { key: 'numberNotExist', label: '空号' },
  206: { key: 'busy', label: '通话中' },
  207: { key: 'outOfCredit', label: '欠费' },
  208: { key: 'operatorError', label: '运营商线路异常' },
  209: { key: 'callerCancel', label: '主叫取消' },
  210: { key: 'notInService', label: '不在服务区' },
};

/** 外线转接 has a string but no documented code. */
export const OUTBOUND_FORWARD = { key: 'outboundForward', label: '外线转接' } as const;
