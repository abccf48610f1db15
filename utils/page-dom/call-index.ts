/**
 * Ties a row of the page's table to the call it shows, or says why it cannot. A row is
 * tied by a session id it carries (in a cell, an attribute, a link), else by its start
 * time and both numbers, read in every zone the page may have printed the time in. Two
 * calls that fit, or none, leave the row untied: a guess would download the wrong call.
 */
import type { CallRecord } from '../record/record';
import { numberKey } from '../record/phone';
import { timeCandidates } from '../record/call-text';

export type UnboundReason = 'no-call' | 'ambiguous' | 'no-time';

export type RowBinding = { call: CallRecord; why?: undefined } | { call: null; why: UnboundReason };

/** What a row shows of its call: its texts as read, and the id-like strings it carries. */
export interface RowIdentity {
  time: string;
  caller: string;
  callee: string;
  ids: readonly string[];
}

function callKey(startTime: number, caller: string, callee: string): string {
  return `${startTime}|${numberKey(caller)}|${numberKey(callee)}`;
}

function keyOf(record: CallRecord): string | null {
  return record.startTime === null ? null : callKey(record.startTime, record.caller, record.callee);
}

export function createCallIndex() {
  const byId = new Map<string, CallRecord>();
  const byKey = new Map<string, Set<string>>();

  return {
    get: (sessionId: string) => byId.get(sessionId),

    put(record: CallRecord) {
      const previous = byId.get(record.sessionId);
      const before = previous && keyOf(previous);
      if (before) byKey.get(before)?.delete(record.sessionId);
      // Set anew, so the order of `byId` is the order calls were last seen in (see `trim`).
      byId.delete(record.sessionId);
      byId.set(record.sessionId, record);
      const key = keyOf(record);
      if (key) {
        const ids = byKey.get(key) ?? new Set<string>();
        ids.add(record.sessionId);
        byKey.set(key, ids);
      }
    },

    /** Lets go of the calls seen longest ago, down to `max`. */
    trim(max: number) {
      for (const [id, oldest] of byId) {
        if (byId.size <= max) break;
        byId.delete(id);
        const key = keyOf(oldest);
        if (key) byKey.get(key)?.delete(id);
      }
    },

    bind(row: RowIdentity): RowBinding {
      const carried = [...new Set(row.ids.filter((id) => byId.has(id)))];
      const times = timeCandidates(row.time);
      const fitting = new Set<string>();
      for (const t of times) for (const id of byKey.get(callKey(t, row.caller, row.callee)) ?? []) fitting.add(id);
      // Ids the row carries decide; where it carries several, its time and numbers pick one.
      const ids = carried.length > 1 ? carried.filter((id) => fitting.has(id)) : carried.length ? carried : [...fitting];
      if (ids.length === 1) return { call: byId.get(ids[0]!)! };
      if (ids.length > 1 || carried.length > 1) return { call: null, why: 'ambiguous' };
      return { call: null, why: times.length ? 'no-call' : 'no-time' };
    },
  };
}
