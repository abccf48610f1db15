import type { QueueItem } from './types';
import { compactDateTime } from '../compact-date-time';
import { DIRECTION_LABEL, HANGUP_LABEL, NOT_RATED } from '../record-labels';

const HEADER = ['会话ID', '开始时间', '呼叫类型', '主叫号码', '被叫号码', '客服名称', '客服工号', '技能组', '接入状态', '通话时长(秒)', '满意度评价', '挂断方', '备注', '文件名', '状态', '原因'];
const STATE: Record<string, string> = { done: '已下载', failed: '失败', skipped: '跳过', queued: '等待中', downloading: '下载中' };
const REASON: Record<string, string> = { 'no-recording': '无录音', duplicate: '已下载过', 'unsafe-url': '录音地址不在允许的域名', canceled: '已取消' };

/** One CSV cell: quoted, and never read by a spreadsheet as a formula. */
function cell(value: string | number | null): string {
  let s = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return `"${s.replace(/"/g, '""')}"`;
}

/** The batch's `清单.csv`: UTF-8 with a BOM so Excel opens it right, one row per call. */
export function manifestCsv(items: QueueItem[]): string {
  const rows = items.map((i) => {
    const r = i.record;
    const file = i.finalPath ?? i.filename;
    return [
      r.sessionId,
      r.startTime === null ? '' : compactDateTime(r.startTime),
      r.direction ? DIRECTION_LABEL[r.direction] : '',
      r.caller,
      r.callee,
      r.agentName,
      r.staffNo,
      r.skillGroup,
      r.status.label,
      r.duration,
      r.satisfaction ?? NOT_RATED,
      r.hangup ? HANGUP_LABEL[r.hangup] : '',
      r.remark,
      i.state === 'done' ? file.split(/[\\/]/).pop()! : '',
      STATE[i.state] ?? i.state,
      i.skipReason ? REASON[i.skipReason]! : i.state === 'failed' ? i.lastError ?? '' : '',
    ].map(cell).join(',');
  });
  return `\ufeff${[HEADER.map(cell).join(','), ...rows].join('\r\n')}\r\n`;
}

/** Where the manifest goes: beside the batch's recordings. */
export function manifestPath(items: QueueItem[]): string | null {
  const first = items[0];
  if (!first) return null;
  const folder = first.filename.split('/').slice(0, -1).join('/');
  return folder ? `${folder}/清单.csv` : '清单.csv';
}
