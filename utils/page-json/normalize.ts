/**
 * The one way from whatever the page's JSON holds (a `TelCdrInfo` in PascalCase,
 * camelCase or a mix, numbers as strings, fields missing or null) to a `CallRecord`.
 * It never throws: a record it cannot use is dropped with a reason the diagnostics
 * report can count.
 */
import { clipText, RECORD_LIMITS, type CallRecord, type Direction, type HangupSide, type SeatDevice } from '../record/record';
import { recordingLink } from './recording-link';
import { isPlainObject, looseFields, looseNumber, looseString, pick, type LooseFields } from './loose-fields';
import { displayNumber } from '../record/phone';
import { statusFromApi } from '../record/status';
import { parseDirectionText, parseHangupText, parseTimeText } from '../record/call-text';

/**
 * - `not-object`: null, a number, a string, an array…
 * - `no-session-id`: an object without a usable `SessionId` (the identity every later step keys on)
 * - `bad-field`: reading the object threw (a getter, a proxy) or its session id is not text,
 *   or longer than any session id (`RECORD_LIMITS`)
 */
export type DropReason = 'not-object' | 'no-session-id' | 'bad-field' | 'over-limit';

/**
 * Records read from one response at most: the cloud API pages at 100, a page's list is not
 * 10,000 calls long. The rest (`over-limit`) is dropped unread.
 */
export const MAX_RECORDS_PER_RESPONSE = 1000;

export type NormalizeResult = { ok: true; record: CallRecord } | { ok: false; reason: DropReason };

/** Larger than any plausible seconds value (year 5138), smaller than any recent milliseconds value. */
const MS_THRESHOLD = 1e11;

function startTime(call: LooseFields): number | null {
  const raw = pick(call, 'starttimestamp', 'starttime', 'time');
  const n = looseNumber(raw);
  if (n !== null) {
    if (n <= 0) return null;
    return Math.floor(n >= MS_THRESHOLD ? n / 1000 : n);
  }
  return typeof raw === 'string' ? parseTimeText(raw) : null;
}

function direction(call: LooseFields): Direction | null {
  const raw = pick(call, 'direction');
  const n = looseNumber(raw);
  if (n === 0) return 'in';
  if (n === 1) return 'out';
  if (typeof raw === 'string' && n === null) {
    const d = parseDirectionText(raw);
    if (d) return d;
  }
  // CallType is finer than Direction: 1 outbound, 5 predictive outbound, 2 inbound, 3 audio inbound, 6 internal.
  const callType = looseNumber(pick(call, 'calltype'));
  if (callType === 1 || callType === 5) return 'out';
  if (callType === 2 || callType === 3) return 'in';
  return null;
}

/** A text field, cut to the record's bound. */
const text = (value: unknown): string => clipText(looseString(value));

/** The number as the page shows it: the plain field, else its protected (masked) one. */
function phoneNumber(call: LooseFields, plain: string, protectedName: string): string {
  const shown = text(pick(call, plain)) || text(pick(call, protectedName));
  return displayNumber(shown);
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/**
 * The admin's own label of the last key pressed in the post-call survey. `noInput`
 * (the survey was reached, nothing was pressed) counts as not rated: it is what the
 * page shows as 未评价 and what a person filtering "not rated" means.
 */
function satisfactionFrom(entries: unknown): string | null {
  if (typeof entries === 'string') {
    const s = clipText(entries.trim());
    return s && s.toLowerCase() !== 'noinput' ? s : null;
  }
  let found: string | null = null;
  for (const entry of list(entries)) {
    if (!isPlainObject(entry)) continue;
    const e = looseFields(entry);
    const key = looseString(pick(e, 'key'));
    const label = looseString(pick(e, 'label'));
    if (key.toLowerCase() !== 'noinput' && label) found = clipText(label);
  }
  return found;
}

function satisfaction(call: LooseFields): string | null {
  return satisfactionFrom(pick(call, 'postivrkeypressedex')) ?? satisfactionFrom(pick(call, 'postivrkeypressed'));
}

function hangup(call: LooseFields): HangupSide | null {
  const raw = looseString(pick(call, 'hungupside', 'hangupside'));
  return raw ? parseHangupText(raw) : null;
}

type Participant = LooseFields;

function participants(call: LooseFields): Participant[] {
  return list(pick(call, 'serveparticipants')).filter(isPlainObject).map(looseFields);
}

/** The last leg served by a seat decides (a transferred call ends with the last agent's device). */
function seatDevice(legs: Participant[]): SeatDevice | null {
  for (let i = legs.length - 1; i >= 0; i--) {
    const type = looseString(pick(legs[i]!, 'type')).toLowerCase();
    if (type === 'staffseat') return 'computer';
    if (type === 'staffphoneseat') return 'phone';
  }
  return null;
}

/** The call's own link, else the last leg's: the first that is a recording link (a placeholder such as `-` is none). */
function recordingLinkOf(call: LooseFields, legs: Participant[], name: string): string | null {
  const own = recordingLink(pick(call, name));
  if (own) return own;
  for (let i = legs.length - 1; i >= 0; i--) {
    const leg = recordingLink(pick(legs[i]!, name));
    if (leg) return leg;
  }
  return null;
}

/** No link field anywhere in the call, even an empty one: the page fetches links when they are used. */
function linkOnDemand(call: LooseFields, legs: Participant[]): boolean {
  return ![call, ...legs].some((fields) => fields.has('recordurl') || fields.has('customrecordurl'));
}

function recordFrom(raw: Record<string, unknown>): NormalizeResult {
  const call = looseFields(raw);
  const id = pick(call, 'sessionid');
  if (id === undefined || id === '') return { ok: false, reason: 'no-session-id' };
  if (typeof id !== 'string' && !(typeof id === 'number' && Number.isFinite(id))) return { ok: false, reason: 'bad-field' };
  const sessionId = String(id).trim();
  if (!sessionId) return { ok: false, reason: 'no-session-id' };
  if (sessionId.length > RECORD_LIMITS.sessionId) return { ok: false, reason: 'bad-field' };

  const duration = Math.max(0, Math.round(looseNumber(pick(call, 'duration')) ?? 0));
  const code = looseNumber(pick(call, 'endstatus'));
  // Some back ends send the string in EndStatus itself (e.g. "outboundForward").
  const endStatusText = code === null ? looseString(pick(call, 'endstatus')) : '';
  const keyString = text(pick(call, 'endstatusstring')) || clipText(endStatusText);
  const seat = pick(call, 'seatuser');
  const seatFields = isPlainObject(seat) ? looseFields(seat) : new Map<string, unknown>();
  const legs = participants(call);

  return {
    ok: true,
    record: {
      sessionId,
      startTime: startTime(call),
      direction: direction(call),
      seatDevice: seatDevice(legs),
      caller: phoneNumber(call, 'caller', 'protectedcaller'),
      callee: phoneNumber(call, 'callee', 'protectedcallee'),
      remark: text(pick(call, 'remark')),
      status: statusFromApi(code === null ? null : Math.trunc(code), keyString, duration),
      duration,
      agentName: text(pick(seatFields, 'name')),
      staffNo: text(pick(seatFields, 'staffnumber')),
      skillGroup: text(pick(call, 'skillgroup')),
      satisfaction: satisfaction(call),
      hangup: hangup(call),
      recordUrl: recordingLinkOf(call, legs, 'recordurl'),
      customRecordUrl: recordingLinkOf(call, legs, 'customrecordurl'),
      linkOnDemand: linkOnDemand(call, legs),
      source: 'tap',
    },
  };
}

export function normalizeRecord(raw: unknown): NormalizeResult {
  try {
    if (!isPlainObject(raw)) return { ok: false, reason: 'not-object' };
    return recordFrom(raw);
  } catch {
    return { ok: false, reason: 'bad-field' };
  }
}

export function normalizeRecords(
  raws: unknown[],
  max = MAX_RECORDS_PER_RESPONSE,
): { records: CallRecord[]; dropped: Record<DropReason, number> } {
  const records: CallRecord[] = [];
  const dropped: Record<DropReason, number> = { 'not-object': 0, 'no-session-id': 0, 'bad-field': 0, 'over-limit': 0 };
  if (!Array.isArray(raws)) return { records, dropped };
  dropped['over-limit'] = Math.max(0, raws.length - max);
  for (let i = 0; i < Math.min(raws.length, max); i++) {
    let r: NormalizeResult;
    try {
      r = normalizeRecord(raws[i]);
    } catch {
      r = { ok: false, reason: 'bad-field' };
    }
    if (r.ok) records.push(r.record);
    else dropped[r.reason]++;
  }
  return { records, dropped };
}
