import type { Batch, QueueItem } from './types';
import { compactDateTime } from '../naming/compact-date-time';
import { DIRECTION_LABEL, HANGUP_LABEL, NOT_RATED } from '../record/record-labels';

const HEADER = [
  '会话ID',
  '开始时间',
  '呼叫类型',
  '主叫号码',
  '被叫号码',
  '客服名称',
  '客服工号',
  '技能组',
  '接入状态',
  '通话时长(秒)',
  '满意度评价',
  '挂断方',
  '备注',
  '文件名',
  '状态',
  '原因',
];
const STATE: Record<string, string> = { done: '已下载', failed: '失败', skipped: '跳过', queued: '等待中', downloading: '下载中' };
const REASON: Record<string, string> = {
  'no-recording': '无录音',
  duplicate: '已下载过',
  'unsafe-url': '录音地址不在允许的域名',
  canceled: '已取消',
};
/** More folders than this (a folder per day or per call) get one manifest where they meet, not one each. */
const MAX_FOLDERS = 20;

/** One CSV cell: quoted, and never read by a spreadsheet as a formula. */
function cell(value: string | number | null): string {
  let s = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return `"${s.replace(/"/g, '""')}"`;
}

/**
 * An id or a number a spreadsheet would take for a quantity (`0086…` loses its zeros,
 * a 19-digit id its last digits): a tab before it makes Excel and WPS keep it as text.
 * The tab is data, not a formula, so it needs no trust in the file; trimmed, it is the value.
 */
function textCell(value: string): string {
  return /^\+?\d[\d\s()-]*$/.test(value) ? `"\t${value}"` : cell(value);
}

function folderOf(path: string): string {
  return path.split('/').slice(0, -1).join('/');
}

function fileName(item: QueueItem): string {
  return (item.finalPath ?? item.filename).split(/[\\/]/).pop()!;
}

/** One manifest's CSV: UTF-8 with a BOM so Excel opens it right, one row per call, files named from `folder`. */
export function manifestCsv(items: QueueItem[], folder = folderOf(items[0]?.filename ?? '')): string {
  const rows = items.map((i) => {
    const r = i.record;
    const within = folderOf(i.filename).slice(folder ? folder.length + 1 : 0);
    return [
      textCell(r.sessionId),
      cell(r.startTime === null ? '' : compactDateTime(r.startTime)),
      cell(r.direction ? DIRECTION_LABEL[r.direction] : ''),
      textCell(r.caller),
      textCell(r.callee),
      cell(r.agentName),
      textCell(r.staffNo),
      cell(r.skillGroup),
      cell(r.status.label),
      cell(r.duration),
      cell(r.satisfaction ?? NOT_RATED),
      cell(r.hangup ? HANGUP_LABEL[r.hangup] : ''),
      cell(r.remark),
      cell(i.state === 'done' ? (within ? `${within}/` : '') + fileName(i) : ''),
      cell(STATE[i.state] ?? i.state),
      cell(i.skipReason ? REASON[i.skipReason]! : i.state === 'failed' ? (i.lastError ?? '') : ''),
    ].join(',');
  });
  return `\ufeff${[HEADER.map(cell).join(','), ...rows].join('\r\n')}\r\n`;
}

/** The deepest folder holding all of these. */
function commonFolder(folders: string[]): string {
  const split = folders.map((f) => (f ? f.split('/') : []));
  const shared: string[] = [];
  for (let i = 0; split.every((s) => i < s.length && s[i] === split[0]![i]); i++) shared.push(split[0]![i]!);
  return shared.join('/');
}

/**
 * The batch's manifests, beside its recordings: one in each folder its files go to, with
 * that folder's calls. A folder named after the batch (its label is unique) is the batch's
 * own and gets `清单.csv`; a folder batches share (a template without `{batch}`) gets
 * `清单_<batch>.csv`, so one batch never overwrites another's.
 */
export function batchManifests(batch: Batch, items: QueueItem[]): { path: string; csv: string }[] {
  const byFolder = new Map<string, QueueItem[]>();
  for (const item of items) {
    const folder = folderOf(item.filename);
    const group = byFolder.get(folder);
    if (group) group.push(item);
    else byFolder.set(folder, [item]);
  }
  const groups = byFolder.size > MAX_FOLDERS ? new Map([[commonFolder([...byFolder.keys()]), items]]) : byFolder;
  return [...groups].map(([folder, group]) => {
    const own = folder.split('/').includes(batch.label);
    const name = own ? '清单.csv' : `清单_${batch.label}.csv`;
    return { path: folder ? `${folder}/${name}` : name, csv: manifestCsv(group, folder) };
  });
}
