/**
 * File names from a template the user writes, e.g. `{batch}/{datetime}_{caller}_{sessionId}`:
 * `/` in the template makes folders, each `{token}` takes a value of the call. Values never
 * make folders of their own, and whatever the template, the file name holds the session id,
 * so two calls never share a file.
 */
import type { CallRecord } from '../record/record';
import { compactDateTime, pad } from './compact-date-time';
import {
  MAX_PATH_CHARS,
  MIN_FILE_CHARS,
  fileNameRoom,
  fitFolders,
  sanitizePath,
  sanitizeSegment,
  truncateTo,
  utf8Length,
  type Room,
} from './filename';
import { displayNumber } from '../record/phone';
import { DIRECTION_LABEL, HANGUP_LABEL, NOT_RATED } from '../record/record-labels';

export const TEMPLATE_TOKENS = [
  'date',
  'time',
  'datetime',
  'direction',
  'caller',
  'callee',
  'agent',
  'staffNo',
  'skillGroup',
  'satisfaction',
  'hangup',
  'status',
  'duration',
  'sessionId',
  'batch',
] as const;
export type TemplateToken = (typeof TEMPLATE_TOKENS)[number];

/** What stands for a hidden digit in a file name. */
const NAME_MASK = '＊';

export const DEFAULT_TEMPLATE = '{batch}/{datetime}_{caller}_{callee}_{agent}_{sessionId}';

export interface NameOptions {
  /** The batch's folder name, `{batch}`. */
  batchLabel: string;
  /** The folder every batch goes under, inside the browser's download folder. */
  root: string;
  /** `13812345678` → `138****5678` in names. */
  maskPhones: boolean;
}

/** A number with its middle hidden (`138****5678`): enough left to tell calls apart, not enough to dial. */
export function maskPhone(number: string): string {
  if (number.includes('*')) return number; // protected by the workbench already
  const digits = number.replace(/\D/g, '');
  if (digits.length < 5) return number;
  const [head, tail] = digits.length >= 11 ? [3, 4] : digits.length >= 7 ? [2, 2] : [1, 1];
  return `${digits.slice(0, head)}****${digits.slice(-tail)}`;
}

/** `65` → `1m05s`, `3725` → `1h02m05s`: short, sortable within a length, and free of `:`. */
export function durationLabel(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${pad(s % 60)}s`;
  return `${Math.floor(s / 3600)}h${pad(Math.floor(s / 60) % 60)}m${pad(s % 60)}s`;
}

/**
 * A batch's name, `{batch}`: when it started (`20261124-093005`), and a count after it when
 * another batch started in the same second (`20261124-093005-2`), so no two batches share a
 * folder or a manifest.
 */
export function batchLabel(unixSeconds: number, taken: readonly string[]): string {
  const base = compactDateTime(unixSeconds);
  const used = new Set(taken);
  let label = base;
  for (let n = 2; used.has(label); n++) label = `${base}-${n}`;
  return label;
}

export function tokenValues(record: CallRecord, opts: Pick<NameOptions, 'batchLabel' | 'maskPhones'>): Record<TemplateToken, string> {
  const stamp = compactDateTime(record.startTime);
  const [date = stamp, time = ''] = stamp.split('-');
  // Windows refuses `*` in names: masked digits (ours or the workbench's) show as the full-width ＊.
  const phone = (raw: string) => (opts.maskPhones ? maskPhone(displayNumber(raw)) : displayNumber(raw)).replace(/\*/g, NAME_MASK);
  return {
    date: record.startTime === null ? stamp : date,
    time: record.startTime === null ? '' : time,
    datetime: stamp,
    direction: record.direction ? DIRECTION_LABEL[record.direction] : '',
    caller: phone(record.caller),
    callee: phone(record.callee),
    agent: record.agentName,
    staffNo: record.staffNo,
    skillGroup: record.skillGroup,
    satisfaction: record.satisfaction ?? NOT_RATED,
    hangup: record.hangup ? HANGUP_LABEL[record.hangup] : '',
    status: record.status.label,
    duration: durationLabel(record.duration),
    sessionId: record.sessionId,
    batch: opts.batchLabel,
  };
}

const TOKEN = /\{(\w+)\}/g;
/** A token and the separator before it: an empty value takes its separator along. */
const TOKEN_WITH_SEPARATOR = /([_\-.\s]?)\{(\w+)\}/g;
const EDGE_SEPARATORS = /^[_\-.\s]+|[_\-.\s]+$/g;

function isToken(name: string): name is TemplateToken {
  return (TEMPLATE_TOKENS as readonly string[]).includes(name);
}

/** The template as written, or the default when blank; its file name always holds `{sessionId}`. */
function effectiveTemplate(template: string): string {
  const t = template.trim() || DEFAULT_TEMPLATE;
  const file = t.slice(t.lastIndexOf('/') + 1);
  return file.includes('{sessionId}') ? t : `${t}_{sessionId}`;
}

/** One segment of the template with its tokens filled in; a value's slashes never open folders. */
function fillSegment(segment: string, values: Record<TemplateToken, string>): string {
  return segment
    .replace(TOKEN_WITH_SEPARATOR, (whole, separator: string, name: string) => {
      if (!isToken(name)) return whole;
      const value = values[name].replace(/[\\/]/g, '_');
      return value ? separator + value : '';
    })
    .replace(EDGE_SEPARATORS, '');
}

/** Where a call's recording is saved, relative to the download folder, sanitized for every system. */
export function renderRecordPath(template: string, record: CallRecord, opts: NameOptions): string {
  const values = tokenValues(record, opts);
  const segments = effectiveTemplate(template).split('/');
  const fileTemplate = segments.pop()!;
  const root = opts.root.trim();
  const id = sanitizeSegment(record.sessionId);
  // Folders give way first: the file name keeps room for the whole session id.
  const folders = fitFolders(
    [...(root ? [root] : []), ...segments.map((s) => fillSegment(s, values))]
      .filter((f) => f.trim() !== '' && f !== '.' && f !== '..')
      .map((f) => sanitizeSegment(f)),
    MAX_PATH_CHARS - Math.max(MIN_FILE_CHARS, id.length + '.mp3'.length),
  );
  // A long name is cut around the session id, never through it: it is what tells files apart.
  const at = fileTemplate.indexOf('{sessionId}');
  const free = fileNameRoom(folders);
  const room = { bytes: free.bytes - utf8Length('.mp3') - utf8Length(id), chars: free.chars - '.mp3'.length - id.length };
  const after = around(fileTemplate.slice(at + '{sessionId}'.length), values, 'after', {
    bytes: Math.floor(room.bytes / 3),
    chars: Math.floor(room.chars / 3),
  });
  const before = around(fileTemplate.slice(0, at), values, 'before', {
    bytes: room.bytes - utf8Length(after),
    chars: room.chars - after.length,
  });
  return sanitizePath(`${[...folders, before + id + after].join('/')}.mp3`, 'mp3');
}

/** The text on one side of the session id within `room`, with the separator that faces the id kept whole. */
function around(part: string, values: Record<TemplateToken, string>, side: 'before' | 'after', room: Room): string {
  const edge = (side === 'before' ? /[_\-.\s]+$/ : /^[_\-.\s]+/).exec(part)?.[0] ?? '';
  const filled = truncateTo(sanitizeSegment(fillSegment(part, values), ''), {
    bytes: Math.max(0, room.bytes - utf8Length(edge)),
    chars: Math.max(0, room.chars - edge.length),
  });
  if (!filled) return '';
  return side === 'before' ? filled + edge : edge + filled;
}

export type TemplateProblem = { kind: 'unknown-token'; token: string } | { kind: 'no-session-id' };

/** What the options page warns about while the user types. */
export function templateProblems(template: string): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  for (const [, name] of template.matchAll(TOKEN)) if (!isToken(name!)) problems.push({ kind: 'unknown-token', token: name! });
  const t = template.trim();
  if (t && !t.slice(t.lastIndexOf('/') + 1).includes('{sessionId}')) problems.push({ kind: 'no-session-id' });
  return problems;
}
