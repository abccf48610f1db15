import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { TAP_EVENT, TAP_HELLO, TAP_STATUS, type PageRequest, type TapStatus } from '../../utils/page-requests/tap';
import { findRecordLinks } from '../../utils/page-json/record-shape';
import { answerRecords } from '../../utils/page-json/answer-records';
import type { CallRecord } from '../../utils/record/record';
import { maskedPath, shapeOf, type Shape } from '../../utils/page-json/json-shape';
import { readTapPayload } from '../../utils/page-requests/main-world';

export interface TapStats {
  responses: number;
  records: number;
  dropped: Record<string, number>;
  /** The last few responses that held records, as shapes (for diagnostics; no values). */
  shapes: { path: string; shape: Shape }[];
  /**
   * Whether the tap has watched this page since it started loading. Not when it was put into
   * a tab already open at an install or update, nor when no tap answered: the page's first
   * list response then went by unseen.
   */
  early: boolean;
}

const KEPT_SHAPES = 5;

export interface TapHandlers {
  records(records: CallRecord[]): void;
  link(sessionId: string, recordUrl: string): void;
  /** A response that held records, with the request that got it: perhaps the page's list request. */
  list(request: PageRequest, json: unknown, records: CallRecord[]): void;
  /** A response that held no records, with the request that got it: perhaps the page fetching one call's link. */
  exchange(request: PageRequest, json: unknown): void;
}

/**
 * Receives the JSON bodies the main-world tap forwards, finds call records in them by
 * their shape and normalizes them. What the main world sends is not trusted (a page script
 * can dispatch the same event): an event out of shape or size, a body that is not JSON or
 * holds no records, is counted and ignored, and records are bounded (normalize.ts).
 */
export function receiveTap(ctx: ContentScriptContext, on: TapHandlers): { stats: TapStats; askReplay(): void } {
  const stats: TapStats = { responses: 0, records: 0, dropped: {}, shapes: [], early: false };
  const drop = (reason: string, n = 1) => (stats.dropped[reason] = (stats.dropped[reason] ?? 0) + n);
  ctx.addEventListener(document, TAP_STATUS as keyof DocumentEventMap, (event) => {
    const detail = (event as CustomEvent<unknown>).detail;
    try {
      // The tap's status is a few characters; anything else is not the tap's.
      if (typeof detail === 'string' && detail.length <= 64) stats.early = (JSON.parse(detail) as Partial<TapStatus>).early === true;
    } catch {
      /* a status we cannot read counts as a late tap */
    }
  });
  ctx.addEventListener(document, TAP_EVENT as keyof DocumentEventMap, (event) => {
    try {
      const payload = readTapPayload((event as CustomEvent<unknown>).detail);
      if (!payload) return drop('bad-event');
      const json: unknown = JSON.parse(payload.body);
      stats.responses++;
      const { records, found, dropped } = answerRecords(json, location.href);
      if (found) {
        const path = maskedPath(payload.url);
        stats.shapes = [...stats.shapes.filter((s) => s.path !== path), { path, shape: shapeOf(json) }].slice(-KEPT_SHAPES);
        stats.records += records.length;
        for (const [reason, n] of Object.entries(dropped)) if (n) drop(reason, n);
        if (records.length) on.records(records);
        if (records.length && payload.request) on.list(payload.request, json, records);
      }
      for (const link of findRecordLinks(json)) on.link(link.sessionId, link.recordUrl);
      if (!found && payload.request) on.exchange(payload.request, json);
    } catch {
      drop('not-json');
    }
  });
  return {
    stats,
    /**
     * What the tap forwarded before this script listened. It answers at once, within this
     * dispatch: the replay, then its status. Asked apart from listening, so reading the
     * replay gets a task of its own.
     */
    askReplay: () => void document.dispatchEvent(new CustomEvent(TAP_HELLO)),
  };
}
