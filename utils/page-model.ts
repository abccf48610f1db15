import { computed, signal } from '@preact/signals';
import type { CallRecord } from './record';
import { EMPTY_FILTER, applyFilters, matches, type FilterState } from './filters';
import { joinKey } from './cell-parse';

/**
 * Tap records kept at most, the oldest let go first: a day's work is a few thousand calls,
 * and what the page's main world sends is bounded whoever sends it.
 */
export const MAX_TAP_RECORDS = 100_000;

/**
 * What the content script knows about the page, as signals the toolbar reads:
 * records from the tap (by session id and by time + numbers), the rows on screen,
 * the whole query once collected, the filter and the selection.
 */
export function createPageModel() {
  const tapById = new Map<string, CallRecord>();
  const tapByJoinKey = new Map<string, CallRecord>();

  /** Records of the rows on screen, in row order, each joined to its tap record when there is one. */
  const pageRecords = signal<CallRecord[]>([]);
  /** Every record of the current query, once collected across pages. */
  const collected = signal<CallRecord[] | null>(null);
  const filter = signal<FilterState>(EMPTY_FILTER);
  const selected = signal<ReadonlyMap<string, CallRecord>>(new Map());
  const tapVersion = signal(0);

  const universe = computed(() => collected.value ?? pageRecords.value);
  const result = computed(() => applyFilters(universe.value, filter.value));

  return {
    pageRecords,
    collected,
    filter,
    selected,
    tapVersion,
    universe,
    result,

    addTapRecords(records: CallRecord[]) {
      for (const r of records) {
        const previous = tapById.get(r.sessionId);
        // A later response may carry a fresher recording link for the same call.
        const merged = previous ? { ...previous, ...r, recordUrl: r.recordUrl ?? previous.recordUrl, customRecordUrl: r.customRecordUrl ?? previous.customRecordUrl } : r;
        tapById.delete(r.sessionId);
        tapById.set(r.sessionId, merged);
        tapByJoinKey.set(joinKey(merged), merged);
      }
      for (const [id, oldest] of tapById) {
        if (tapById.size <= MAX_TAP_RECORDS) break;
        tapById.delete(id);
        if (tapByJoinKey.get(joinKey(oldest)) === oldest) tapByJoinKey.delete(joinKey(oldest));
      }
      if (records.length) tapVersion.value++;
    },

    /** A fresh recording link for a call, from a page request that fetched just that. */
    updateLink(sessionId: string, recordUrl: string) {
      const known = tapById.get(sessionId);
      if (known) this.addTapRecords([{ ...known, recordUrl }]);
    },

    /** The best record for a table row: the tap's, when the row can be joined to one. */
    resolve(rowRecord: CallRecord): CallRecord {
      return tapById.get(rowRecord.sessionId) ?? tapByJoinKey.get(joinKey(rowRecord)) ?? rowRecord;
    },

    tapRecord(sessionId: string): CallRecord | undefined {
      return tapById.get(sessionId);
    },

    isVisible(record: CallRecord): boolean {
      return matches(record, filter.value);
    },

    toggle(record: CallRecord, on: boolean) {
      const next = new Map(selected.value);
      if (on) next.set(record.sessionId, record);
      else next.delete(record.sessionId);
      selected.value = next;
    },

    selectMatching() {
      const next = new Map(selected.value);
      for (const r of result.value.matching) next.set(r.sessionId, r);
      selected.value = next;
    },

    clearSelection() {
      selected.value = new Map();
    },
  };
}

export type PageModel = ReturnType<typeof createPageModel>;
