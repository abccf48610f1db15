/**
 * 接入状态 from whatever the source has: the API's `EndStatus` code and
 * `EndStatusString`, or only the label the page shows. The code table itself lives in
 * `record.ts`; this file only looks things up in it.
 */
import { END_STATUS, OUTBOUND_FORWARD, type CallStatus } from './record';

/**
 * Statuses that mean a person answered. `Duration > 0` counts too (see `isConnected`):
 * a transferred call can end with a non-`ok` status after minutes of talk, and an
 * `ok` call can report 0 s when it was cut at once, so either sign is enough.
 */
const CONNECTED_KEYS: ReadonlySet<string> = new Set(['ok', 'seatForward', OUTBOUND_FORWARD.key]);

function isConnected(key: string, duration: number): boolean {
  return duration > 0 || CONNECTED_KEYS.has(key);
}

type Entry = { code: number | null; key: string; label: string };

const KNOWN: Entry[] = [
  ...Object.entries(END_STATUS).map(([code, v]) => ({ code: Number(code), key: v.key, label: v.label })),
  { code: null, key: OUTBOUND_FORWARD.key, label: OUTBOUND_FORWARD.label },
];

/** Labels compared without spaces and with 座/坐 as one: the page is not consistent about either. */
function labelKey(label: string): string {
  return label.replace(/\s+/g, '').replace(/座/g, '坐').toLowerCase();
}

const BY_KEY = new Map(KNOWN.map((e) => [e.key.toLowerCase(), e]));
const BY_LABEL = new Map(KNOWN.map((e) => [labelKey(e.label), e]));

/**
 * From the API's fields. A known code wins; an unknown code keeps its string (or the
 * number) as label so it still displays and filters; a string alone is looked up.
 */
export function statusFromApi(code: number | null, keyString: string, duration: number): CallStatus {
  const known = code !== null ? END_STATUS[code] : undefined;
  if (known) return { code, key: known.key, label: known.label, connected: isConnected(known.key, duration) };
  if (code !== null) {
    return { code, key: keyString, label: keyString || String(code), connected: isConnected(keyString, duration) };
  }
  const byKey = keyString ? BY_KEY.get(keyString.toLowerCase()) : undefined;
  if (byKey) return { code: byKey.code, key: byKey.key, label: byKey.label, connected: isConnected(byKey.key, duration) };
  return { code: null, key: keyString, label: keyString, connected: isConnected(keyString, duration) };
}

/** From the label the page shows in 接入状态; an unknown label keeps its text. */
export function statusFromLabel(label: string, duration: number): CallStatus {
  const text = label.trim();
  const e = text ? BY_LABEL.get(labelKey(text)) : undefined;
  if (e) return { code: e.code, key: e.key, label: e.label, connected: isConnected(e.key, duration) };
  return { code: null, key: '', label: text, connected: isConnected('', duration) };
}
