/**
 * How records travel from the page tools to the queue, and how the queue keeps a new batch
 * until it is filed: as short text. A message costs the browser time for every character it
 * holds (50,000 records as objects: seconds), so each record is a row of its values in a fixed
 * order, the values many records share (agent, skill group, labels) are written once per text
 * and named by number, and a link is written as what differs from the link before it, its
 * call's session id named by one character.
 */
import type { CallRecord } from './record';
import { asCallRecord } from './record-guard';

/** Fields written as they are. */
const PLAIN = ['sessionId', 'startTime', 'caller', 'callee', 'duration'] as const;
/** Fields many records share: the number of their value in the text's list of words. */
const SHARED = [
  'direction',
  'seatDevice',
  'remark',
  'agentName',
  'staffNo',
  'skillGroup',
  'satisfaction',
  'hangup',
  'source',
  'sdkAppId',
] as const;
const LINKS = ['recordUrl', 'customRecordUrl'] as const;
const FLAGS = ['linkOnDemand'] as const;
/** Stands for the call's session id in its links: an `https:` link as the browser writes it is ASCII, this is not. */
const SESSION = '\u00a7';

type Row = unknown[];

/** Records as one text (see above). */
export function recordsToWire(records: readonly CallRecord[]): string {
  const words = new Map<string, number>();
  const word = (v: string | null | undefined) => {
    if (v === null || v === undefined) return null;
    let n = words.get(v);
    if (n === undefined) words.set(v, (n = words.size));
    return n;
  };
  const last = LINKS.map(() => '');
  const rows = records.map(
    (r): Row => [
      ...PLAIN.map((f) => r[f]),
      ...SHARED.map((f) => word(r[f])),
      ...LINKS.map((f, i) => {
        const link = r[f];
        if (!link) return null;
        const same = sharedPrefix(last[i]!, link);
        last[i] = link;
        const rest = link.slice(same);
        return `${same}:${r.sessionId && !r.sessionId.includes(SESSION) ? rest.split(r.sessionId).join(SESSION) : rest}`;
      }),
      ...FLAGS.map((f) => (r[f] ? 1 : 0)),
      r.status.code,
      word(r.status.key),
      word(r.status.label),
      r.status.connected ? 1 : 0,
    ],
  );
  return JSON.stringify([[...words.keys()], rows]);
}

/**
 * The records in wire text, each checked as any record from a message is (`asCallRecord`);
 * `rejected` counts rows that are none. Text that is not wire text rejects as a whole. A
 * record that names no workbench app was read where the page's route named none, or before
 * records named one: `app`, the sending tab's, is its app.
 */
export function recordsFromWire(text: unknown, app: string | null = null): { records: CallRecord[]; rejected: number } {
  let parsed: unknown;
  try {
    parsed = typeof text === 'string' ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (!Array.isArray(parsed) || !Array.isArray(parsed[0]) || !Array.isArray(parsed[1])) throw new Error('records are not wire text');
  const [words, rows] = parsed as [unknown[], unknown[]];
  const word = (n: unknown) => (Number.isInteger(n) ? words[n as number] : undefined);
  const last = LINKS.map(() => '');
  const records: CallRecord[] = [];
  for (const row of rows) {
    if (!Array.isArray(row)) continue;
    const out: Record<string, unknown> = {};
    let at = 0;
    for (const f of PLAIN) out[f] = row[at++];
    for (const f of SHARED) out[f] = word(row[at++]);
    LINKS.forEach((f, i) => {
      const code = row[at++];
      const colon = typeof code === 'string' ? code.indexOf(':') : -1;
      if (colon < 0) return;
      const sessionId = typeof out.sessionId === 'string' ? out.sessionId : '';
      const rest = (code as string).slice(colon + 1);
      const link =
        last[i]!.slice(0, Number((code as string).slice(0, colon)) || 0) +
        (rest.includes(SESSION) ? rest.split(SESSION).join(sessionId) : rest);
      last[i] = link;
      out[f] = link;
    });
    for (const f of FLAGS) out[f] = row[at++] === 1;
    out.status = { code: row[at++], key: word(row[at++]), label: word(row[at++]), connected: row[at++] === 1 };
    const record = asCallRecord(out);
    if (record) records.push(app && record.sdkAppId === undefined ? { ...record, sdkAppId: app } : record);
  }
  return { records, rejected: rows.length - records.length };
}

function sharedPrefix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a.charCodeAt(n) === b.charCodeAt(n)) n++;
  return n;
}
