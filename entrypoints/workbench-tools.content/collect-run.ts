import { collectAllPages } from '../../utils/page-dom/collect';
import { findRecordTable, isAttached, readRows, type RecordTable } from '../../utils/page-dom/table';
import {
  currentPageNumber,
  findPager,
  isDisabled,
  pageNumberControl,
  pageNumberInput,
  statedTotal,
  typePageNumber,
} from '../../utils/page-dom/table-pager';
import { chooseInSelect, findPageSizeControl, openSizeOptions } from '../../utils/page-dom/page-size';
import { virtualScroller } from '../../utils/page-dom/table-scroll';
import type { PageModel } from '../../utils/page-model/page-model';
import type { CallRecord } from '../../utils/record/record';
import { readPageRows } from './rows';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
/** How long a virtualized list may take to draw the rows scrolled into view. */
const SCROLL_SETTLE_MS = 150;
const MAX_SCROLL_STEPS = 500;
/** How long rows may wait for the page's data that ties them to their calls (the tap forwards it a moment after the page drew them). */
const BIND_WAIT_MS = 3_000;
/** How long a size dropdown may take to show its options once opened. */
const OPTIONS_WAIT_MS = 2_000;

/** Drives the page's own pagination from the content script, reading rows as they render. */
export function runCollect(
  initial: RecordTable,
  model: PageModel,
  signal: AbortSignal,
  onProgress: (page: number, count: number) => void,
): Promise<CallRecord[]> {
  // The page may rebuild the whole table between pages: looked up afresh once it is gone
  // (looking every time reads every row of the page, twenty times a second).
  let known = initial;
  const table = () => {
    if (!isAttached(known)) known = findRecordTable(document) ?? initial;
    return known;
  };
  const pager = () => findPager(table().anchor);
  const signature = () =>
    readRows(table(), { ids: false })
      .map((r) => `${r.cells.time ?? ''}|${r.cells.caller ?? ''}|${r.cells.callee ?? ''}`)
      .join('\n');

  /** The calls of the rows drawn now, once each is tied to its call or has had time to be. */
  const readDrawn = async (): Promise<CallRecord[]> => {
    for (let waited = 0; ; waited += 100) {
      const rows = readPageRows(table(), model);
      if (waited >= BIND_WAIT_MS || rows.every((r) => r.call)) return rows.flatMap((r) => (r.call ? [r.call] : []));
      await sleep(100);
    }
  };

  /** Every row of the page: a virtualized list is scrolled from top to bottom as a person would, then put back. */
  const readPage = async (): Promise<CallRecord[]> => {
    const scroller = virtualScroller(
      table(),
      readRows(table(), { ids: false }).map((r) => r.element),
    );
    if (!scroller) return readDrawn();
    const found = new Map<string, CallRecord>();
    const was = scroller.scrollTop;
    const settle = async (before: string) => {
      for (let waited = 0; waited < SCROLL_SETTLE_MS * 4 && signature() === before; waited += 50) await sleep(50);
      await sleep(SCROLL_SETTLE_MS);
    };
    try {
      let before = signature();
      scroller.scrollTop = 0;
      if (was !== 0) await settle(before);
      for (let step = 0; step < MAX_SCROLL_STEPS && !signal.aborted; step++) {
        for (const r of await readDrawn()) found.set(r.sessionId, r);
        if (scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 1) break;
        before = signature();
        scroller.scrollTop += Math.max(1, Math.floor(scroller.clientHeight * 0.8));
        await settle(before);
      }
    } finally {
      scroller.scrollTop = was;
    }
    return [...found.values()];
  };

  return collectAllPages(
    {
      readPage,
      signature,
      settled: () => {
        const rows = readPageRows(table(), model);
        const p = pager();
        const size = p && findPageSizeControl(p);
        const whole = !!size && (rows.length >= size.current || isDisabled(p.next));
        return whole && rows.every((r) => r.call);
      },
      pager,
      statedTotal: () => statedTotal(table().anchor),
      currentPage: () => {
        const p = pager();
        return p ? currentPageNumber(p) : null;
      },
      pageButton: (n) => {
        const p = pager();
        return p ? pageNumberControl(p, n) : null;
      },
      click: (el) => (el as HTMLElement).click(),
      sleep,
      pageSize: () => {
        const p = pager();
        const control = p && findPageSizeControl(p);
        if (!control) return null;
        // A dropdown shows its sizes only once opened: the largest is read when it is.
        return { current: control.current, largest: control.kind === 'select' ? Math.max(...control.sizes) : Infinity };
      },
      setPageSize: async (size) => {
        const p = pager();
        const control = p && findPageSizeControl(p);
        if (!control || control.current === size) return false;
        if (control.kind === 'select') return chooseInSelect(control, Math.min(size, Math.max(...control.sizes)));
        (control.trigger as HTMLElement).click();
        for (let waited = 0; waited < OPTIONS_WAIT_MS; waited += 50) {
          const options = openSizeOptions(document, control.trigger);
          if (options.length) {
            const pick = size === Infinity ? options.reduce((a, b) => (b.size > a.size ? b : a)) : options.find((o) => o.size === size);
            if (pick && pick.size !== control.current) {
              (pick.element as HTMLElement).click();
              return true;
            }
            // Nothing larger: closed again as a person would.
            (control.trigger as HTMLElement).click();
            return false;
          }
          await sleep(50);
        }
        return false;
      },
      jumpTo: (n) => {
        const p = pager();
        const box = p && pageNumberInput(p);
        if (!box) return false;
        typePageNumber(box, n);
        return true;
      },
    },
    { signal, onProgress },
  );
}
