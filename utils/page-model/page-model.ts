import { computed, signal } from '@preact/signals';
import type { CallRecord } from '../record/record';
import { EMPTY_FILTER, applyFilters, matches, type FilterState } from './filters';
import { createCallIndex, type RowBinding, type RowIdentity } from '../page-dom/call-index';

/** Lists of the page kept to tell which one a virtualized table's drawn rows came in. */
const RECENT_LISTS = 5;

/**
 * Tap records kept at most, the oldest let go first: a day's work is a few thousand calls,
 * and what the page's main world sends is bounded whoever sends it.
 */
const MAX_TAP_RECORDS = 100_000;

/**
 * What the content script knows about the page, as signals the toolbar reads:
 * records from the tap, the calls of the rows on screen, the whole query once
 * collected, the filter and the selection. Every record here is a call the page's own
 * data named: selection and downloads only ever hold real session ids.
 */
export function createPageModel() {
  const calls = createCallIndex();
  /** The session ids of the last few lists the page received, each in its order. */
  let recentLists: string[][] = [];

  /** The calls of the rows on screen, in row order: only rows tied to a call. */
  const pageRecords = signal<CallRecord[]>([]);
  /** Rows on screen that could not be tied to a call: they have no checkbox. */
  const unboundRows = signal(0);
  /** Every record of the current query, once collected across pages. */
  const collected = signal<CallRecord[] | null>(null);
  const filter = signal<FilterState>(EMPTY_FILTER);
  const selected = signal<ReadonlyMap<string, CallRecord>>(new Map());
  const tapVersion = signal(0);

  /** The records the filters and counts cover: the whole query once collected, else the page's. */
  const inScope = computed(() => collected.value ?? pageRecords.value);
  const result = computed(() => applyFilters(inScope.value, filter.value));

  return {
    pageRecords,
    unboundRows,
    collected,
    filter,
    selected,
    tapVersion,
    inScope,
    result,

    addTapRecords(records: CallRecord[]) {
      for (const r of records) {
        const previous = calls.get(r.sessionId);
        // A later response may carry a fresher recording link for the same call.
        calls.put(
          previous
            ? {
                ...previous,
                ...r,
                recordUrl: r.recordUrl ?? previous.recordUrl,
                customRecordUrl: r.customRecordUrl ?? previous.customRecordUrl,
              }
            : r,
        );
      }
      calls.trim(MAX_TAP_RECORDS);
      if (records.length) tapVersion.value++;
    },

    /** A list of calls as one response of the page gave it (a page of its query). */
    addTapList(records: CallRecord[]) {
      this.addTapRecords(records);
      recentLists = [records.map((r) => r.sessionId), ...recentLists].slice(0, RECENT_LISTS);
    },

    /**
     * The calls of the latest list the page received that holds every one of `drawn`: the
     * whole page, where a virtualized table draws only the rows in view.
     */
    listHolding(drawn: CallRecord[]): CallRecord[] | null {
      if (!drawn.length) return null;
      const list = recentLists.find((ids) => {
        const set = new Set(ids);
        return drawn.every((r) => set.has(r.sessionId));
      });
      return list ? list.flatMap((id) => calls.get(id) ?? []) : null;
    },

    /** A fresh recording link for a call, from a page request that fetched just that. */
    updateLink(sessionId: string, recordUrl: string) {
      const known = calls.get(sessionId);
      if (known) this.addTapRecords([{ ...known, recordUrl }]);
    },

    /** The call a table row shows, or why it cannot be told. */
    bindRow(row: RowIdentity): RowBinding {
      return calls.bind(row);
    },

    tapRecord(sessionId: string): CallRecord | undefined {
      return calls.get(sessionId);
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
