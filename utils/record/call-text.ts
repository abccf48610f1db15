/**
 * Reading the words and numbers a person sees on the page (and some the API sends as
 * text) back into values: times, durations, 呼入/呼出, 座席/客户/系统, 电脑/手机.
 * Every parser returns null for text it does not recognise rather than guessing.
 */
import type { Direction, HangupSide, SeatDevice } from './record';

const DATE_TIME =
  /(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*T?\s*(\d{1,2})\s*[:：时]\s*(\d{1,2})(?:\s*[:：分]\s*(\d{1,2}))?/;

/** What a time cell says: an epoch, or a date and time of day in a zone it does not name. */
type TimeReading = { epoch: number } | { wall: [number, number, number, number, number, number] };

function readTime(text: string): TimeReading | null {
  const s = text.trim();
  if (/^\d{10}$/.test(s)) return { epoch: Number(s) };
  if (/^\d{13}$/.test(s)) return { epoch: Math.floor(Number(s) / 1000) };
  const m = DATE_TIME.exec(s);
  if (!m) return null;
  const wall = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as [number, number, number, number, number, number];
  const [, mo, d, h, mi, se] = wall;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 59) return null;
  return { wall };
}

function localSeconds([y, mo, d, h, mi, se]: readonly number[]): number | null {
  const ms = new Date(y!, mo! - 1, d!, h!, mi!, se!).getTime();
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : null;
}

/** China Standard Time: UTC+8 all year, no daylight saving. */
const CHINA_OFFSET_S = 8 * 3600;

function chinaSeconds([y, mo, d, h, mi, se]: readonly number[]): number {
  return Date.UTC(y!, mo! - 1, d!, h!, mi!, se!) / 1000 - CHINA_OFFSET_S;
}

/**
 * 'YYYY-MM-DD HH:mm:ss' (also `/` or `.` separators, on one or two lines, or glued
 * when the page's two lines lose their break) → UNIX seconds, read in the browser's
 * local time. A bare 10- or 13-digit number is taken as an epoch in seconds or
 * milliseconds.
 */
export function parseTimeText(text: string): number | null {
  const r = readTime(text);
  return !r ? null : 'epoch' in r ? r.epoch : localSeconds(r.wall);
}

/**
 * Every instant a time cell can mean. The page prints times in the zone its own script
 * chooses, which the text does not say: the browser's, or China's (the workbench's home).
 * One instant when both agree or the cell holds an epoch, two otherwise, none when unreadable.
 */
export function timeCandidates(text: string): number[] {
  const r = readTime(text);
  if (!r) return [];
  if ('epoch' in r) return [r.epoch];
  const local = localSeconds(r.wall);
  const china = chinaSeconds(r.wall);
  return local === null || local === china ? [china] : [local, china];
}

const UNITS =
  /^(?:(\d+)(?:小时|时|h|hr|hrs|hours?))?(?:(\d+)(?:分钟|分|m|min|mins|minutes?))?(?:(\d+(?:\.\d+)?)(?:秒钟|秒|s|sec|secs|seconds?))?$/i;

/**
 * 'HH:MM:SS', 'MM:SS', '125', '125s', '2分5秒', '1小时2分3秒', '1h2m3s' → seconds.
 * '', '-', '--' → 0 (the page's way of saying "never connected"); anything else → null.
 */
export function parseDurationText(text: string): number | null {
  const s = text.replace(/\s+/g, '');
  if (s === '' || /^[-—–]+$/.test(s)) return 0;
  if (/^\d+(\.\d+)?$/.test(s)) return Math.round(Number(s));
  if (/^\d+(:\d{1,2}){1,2}$/.test(s)) {
    return s.split(':').reduce((total, part) => total * 60 + Number(part), 0);
  }
  const m = UNITS.exec(s);
  if (!m || (m[1] === undefined && m[2] === undefined && m[3] === undefined)) return null;
  return Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Math.round(Number(m[3] ?? 0));
}

function lookup<T>(table: Record<string, T>, text: string): T | null {
  return table[text.replace(/\s+/g, '').toLowerCase()] ?? null;
}

const DIRECTIONS: Record<string, Direction> = {
  呼入: 'in',
  来电: 'in',
  入: 'in',
  in: 'in',
  inbound: 'in',
  incoming: 'in',
  呼出: 'out',
  去电: 'out',
  外呼: 'out',
  出: 'out',
  out: 'out',
  outbound: 'out',
  outgoing: 'out',
};
export const parseDirectionText = (text: string): Direction | null => lookup(DIRECTIONS, text);

const HANGUP: Record<string, HangupSide> = {
  seat: 'seat',
  agent: 'seat',
  staff: 'seat',
  座席: 'seat',
  坐席: 'seat',
  客服: 'seat',
  座席挂断: 'seat',
  坐席挂断: 'seat',
  user: 'user',
  customer: 'user',
  client: 'user',
  客户: 'user',
  用户: 'user',
  客户挂断: 'user',
  用户挂断: 'user',
  system: 'system',
  系统: 'system',
  系统挂断: 'system',
};
export const parseHangupText = (text: string): HangupSide | null => lookup(HANGUP, text);

const DEVICES: Record<string, SeatDevice> = {
  电脑: 'computer',
  电脑端: 'computer',
  pc: 'computer',
  web: 'computer',
  computer: 'computer',
  网页: 'computer',
  手机: 'phone',
  手机端: 'phone',
  phone: 'phone',
  mobile: 'phone',
  电话: 'phone',
};
export const parseSeatDeviceText = (text: string): SeatDevice | null => lookup(DEVICES, text);

/** The page's ways of writing "nothing here". */
export function isBlankText(text: string): boolean {
  return /^[-—–]*$/.test(text.replace(/\s+/g, '')) || /^(n\/a|null|undefined)$/i.test(text.trim());
}
