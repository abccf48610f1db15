import { clipText, isSdkAppId, RECORD_LIMITS, type CallRecord, type CallStatus } from './record';
import { recordingLink } from '../page-json/recording-link';

const str = (v: unknown): string => (typeof v === 'string' ? clipText(v) : '');
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const oneOf = <T extends string>(v: unknown, allowed: readonly T[]): T | null => (allowed.includes(v as T) ? (v as T) : null);

/**
 * A `CallRecord` rebuilt field by field from a message: whatever another part of the
 * extension sends, the queue only ever stores values of the right type, within the
 * record's bounds, and links that are recording links.
 */
export function asCallRecord(raw: unknown): CallRecord | null {
  if (!raw || typeof raw !== 'object') return null;
  const r = raw as Record<string, unknown>;
  const sessionId = typeof r.sessionId === 'string' ? r.sessionId : '';
  if (!sessionId || sessionId.length > RECORD_LIMITS.sessionId) return null;
  const s = (r.status && typeof r.status === 'object' ? r.status : {}) as Record<string, unknown>;
  const status: CallStatus = { code: num(s.code), key: str(s.key), label: str(s.label), connected: s.connected === true };
  return {
    sessionId,
    startTime: num(r.startTime),
    direction: oneOf(r.direction, ['in', 'out'] as const),
    seatDevice: oneOf(r.seatDevice, ['computer', 'phone'] as const),
    caller: str(r.caller),
    callee: str(r.callee),
    remark: str(r.remark),
    status,
    duration: num(r.duration) ?? 0,
    agentName: str(r.agentName),
    staffNo: str(r.staffNo),
    skillGroup: str(r.skillGroup),
    satisfaction: typeof r.satisfaction === 'string' ? clipText(r.satisfaction) : null,
    hangup: oneOf(r.hangup, ['seat', 'user', 'system'] as const),
    recordUrl: recordingLink(r.recordUrl),
    customRecordUrl: recordingLink(r.customRecordUrl),
    linkOnDemand: r.linkOnDemand === true,
    source: r.source === 'table' ? 'table' : 'tap',
    ...(isSdkAppId(r.sdkAppId) ? { sdkAppId: r.sdkAppId } : {}),
  };
}

/**
 * The calls of an enqueue worth queuing, rebuilt; the others are dropped. A call that names no
 * workbench app was read where the page's route named none, or before records named one: the
 * sending tab's app (as the browser reports the tab) is its own.
 */
export function callsToQueue(records: unknown[], tabApp: string | null): CallRecord[] {
  return records
    .map(asCallRecord)
    .filter((r): r is CallRecord => r !== null)
    .map((r) => (r.sdkAppId === undefined && tabApp ? { ...r, sdkAppId: tabApp } : r));
}
