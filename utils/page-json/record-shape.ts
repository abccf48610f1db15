/**
 * Finds call records in any JSON the page receives, by their shape alone: the
 * endpoint, its envelope (`data.list`, `Response.TelCdrList`, `result.rows`, a bare
 * array…) and its casing are unknown, so we look for arrays of objects that carry a
 * session id and other call fields. The walk is bounded so a huge body stays cheap.
 */
import { isPlainObject, looseKey, looseString } from './loose-fields';
import { recordingLink } from './recording-link';

export interface ShapeLimits {
  /** How deep into the envelope to look; records sit 1–4 levels down in every API seen. */
  maxDepth?: number;
  /** How many values (objects, arrays, strings) to look at, at most, whatever the body's size. */
  maxNodes?: number;
}

const DEFAULTS = { maxDepth: 8, maxNodes: 20_000 } as const;
/** Elements examined to judge an array: records come in uniform lists. */
const SAMPLE = 8;
/** Besides a session id, this many call fields make an object a call record. */
const MIN_CALL_FIELDS = 2;

const SESSION_ID = 'sessionid';
const CALL_FIELDS: ReadonlySet<string> = new Set(
  [
    'StartTimestamp',
    'StartTimeStamp',
    'Time',
    'Caller',
    'Callee',
    'ProtectedCaller',
    'ProtectedCallee',
    'Direction',
    'CallType',
    'EndStatus',
    'EndStatusString',
    'Duration',
    'SeatUser',
    'SkillGroup',
    'HungUpSide',
    'ServeParticipants',
    'PostIVRKeyPressedEx',
    'PostIVRKeyPressed',
    'Remark',
    'EndedTimestamp',
    'AcceptTimestamp',
    'RingTimestamp',
    'QueuedTimestamp',
    'IVRDuration',
    'CallerLocation',
  ].map(looseKey),
);
const RECORD_URL = 'recordurl';
const CUSTOM_RECORD_URL = 'customrecordurl';

interface Fields {
  sessionId: string;
  callFields: number;
  recordUrl: string;
}

/**
 * What matters about one object, without reading more than its keys and a few values. Its
 * link is its `RecordURL`, else its `CustomRecordURL`, whichever is a recording link: a
 * placeholder in the one never hides the other.
 */
function inspect(obj: Record<string, unknown>): Fields {
  let sessionId = '';
  let callFields = 0;
  let recordUrl: string | null = null;
  let customUrl: string | null = null;
  for (const key of Object.keys(obj)) {
    const k = looseKey(key);
    if (k === SESSION_ID) {
      if (!sessionId) sessionId = looseString(obj[key]);
    } else if (k === RECORD_URL) recordUrl ??= recordingLink(obj[key]);
    else if (k === CUSTOM_RECORD_URL) customUrl ??= recordingLink(obj[key]);
    else if (CALL_FIELDS.has(k)) callFields++;
  }
  return { sessionId, callFields, recordUrl: recordUrl ?? customUrl ?? '' };
}

function isRecordLike(value: unknown): boolean {
  if (!isPlainObject(value)) return false;
  const f = inspect(value);
  return f.sessionId !== '' && f.callFields >= MIN_CALL_FIELDS;
}

/** An array is a record list when most of its first elements look like records. */
function isRecordArray(arr: unknown[]): boolean {
  const n = Math.min(arr.length, SAMPLE);
  if (n === 0) return false;
  let hits = 0;
  for (let i = 0; i < n; i++) if (isRecordLike(arr[i])) hits++;
  return hits * 2 > n;
}

/** Some back ends double-encode a payload as a JSON string; only such strings are worth parsing. */
function embeddedJson(value: string): unknown {
  if (value.length < 20 || !/^\s*[[{]/.test(value) || !/session_?id/i.test(value)) return undefined;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return undefined;
  }
}

type Visit = (value: object) => 'skip' | 'descend';

/** Walks objects and arrays breadth-first within the limits; never throws. */
function walk(json: unknown, limits: ShapeLimits | undefined, visit: Visit): void {
  const maxDepth = limits?.maxDepth ?? DEFAULTS.maxDepth;
  const maxNodes = limits?.maxNodes ?? DEFAULTS.maxNodes;
  const seen = new Set<object>();
  let queue: unknown[] = [json];
  let nodes = 0;
  for (let depth = 0; depth <= maxDepth && queue.length; depth++) {
    const next: unknown[] = [];
    for (const raw of queue) {
      if (++nodes > maxNodes) return;
      try {
        const value = typeof raw === 'string' ? embeddedJson(raw) : raw;
        if (typeof value !== 'object' || value === null || seen.has(value)) continue;
        seen.add(value);
        if (visit(value) === 'skip') continue;
        const isArray = Array.isArray(value);
        const keys = isArray ? null : Object.keys(value);
        const n = keys ? keys.length : (value as unknown[]).length;
        for (let i = 0; i < n && next.length + nodes < maxNodes; i++) {
          let child: unknown;
          try {
            child = keys ? (value as Record<string, unknown>)[keys[i]!] : (value as unknown[])[i];
          } catch {
            continue;
          }
          if ((typeof child === 'object' && child !== null) || typeof child === 'string') next.push(child);
        }
      } catch {
        /* a hostile value is skipped, the rest is still searched */
      }
    }
    queue = next;
  }
}

/**
 * Every array in `json` whose elements look like call records: objects with a session
 * id (any casing) and at least two other call fields. A single record object outside
 * an array is not reported: such objects are per-call detail or link responses that
 * may hold only some fields, and merging them as records would blank the rest. Their
 * links are reported by `findRecordLinks`.
 */
export function findRecordArrays(json: unknown, limits?: ShapeLimits): unknown[][] {
  const found: unknown[][] = [];
  walk(json, limits, (value) => {
    if (Array.isArray(value) && isRecordArray(value)) {
      found.push(value);
      // Records hold legs (ServeParticipants), not more records.
      return 'skip';
    }
    return 'descend';
  });
  return found;
}

/**
 * Recording links for one call that arrive outside a record list: a "get the link"
 * or session detail response such as `{code:0,data:{SessionId,RecordURL}}`. Elements
 * of record lists are left out (their links travel with the records). An object with
 * a link but no session id cannot be tied to a call and is not reported.
 */
export function findRecordLinks(json: unknown, limits?: ShapeLimits): { sessionId: string; recordUrl: string }[] {
  const links: { sessionId: string; recordUrl: string }[] = [];
  walk(json, limits, (value) => {
    if (Array.isArray(value)) return isRecordArray(value) ? 'skip' : 'descend';
    const f = inspect(value as Record<string, unknown>);
    if (f.sessionId && f.recordUrl && !links.some((l) => l.sessionId === f.sessionId && l.recordUrl === f.recordUrl)) {
      links.push({ sessionId: f.sessionId, recordUrl: f.recordUrl });
    }
    return 'descend';
  });
  return links;
}
