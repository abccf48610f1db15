import type { CallRecord } from './record';
import { sanitizePath } from './filename';

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** `20261124-093005` in local time: sorts by time and reads at a glance. */
export function compactDateTime(unixSeconds: number | null): string {
  if (unixSeconds === null) return 'unknown-time';
  const d = new Date(unixSeconds * 1000);
  return `${d.getFullYear()}${pad(d.getMonth() + 1)}${pad(d.getDate())}-${pad(d.getHours())}${pad(d.getMinutes())}${pad(d.getSeconds())}`;
}

/** Where one recording is saved, relative to the download folder; the session id is always in it. */
export function defaultRecordingPath(record: CallRecord, batchLabel: string, root = 'TCCC录音'): string {
  const parts = [compactDateTime(record.startTime), record.caller, record.callee, record.agentName, record.sessionId];
  const stem = parts.filter((p) => p !== '').join('_');
  return sanitizePath(`${root}/${batchLabel}/${stem}.mp3`, 'mp3');
}
