import { collectAllPages } from '../../utils/collect';
import { findRecordTable, readRows, type RecordTable } from '../../utils/table';
import { currentPageNumber, findPager, pageNumberControl } from '../../utils/table-pager';
import type { PageModel } from '../../utils/page-model';
import type { CallRecord } from '../../utils/record';
import { readPageCalls } from './rows';

/** Drives the page's own pagination from the content script, reading rows as they render. */
export function runCollect(
  initial: RecordTable,
  model: PageModel,
  signal: AbortSignal,
  onProgress: (page: number, count: number) => void,
): Promise<CallRecord[]> {
  // The page may rebuild the whole table between pages: look it up afresh each time.
  const table = () => findRecordTable(document) ?? initial;
  const pager = () => findPager(table().anchor);
  return collectAllPages(
    {
      readPage: () => readPageCalls(table(), model),
      signature: () =>
        readRows(table())
          .map((r) => `${r.cells.time ?? ''}|${r.cells.caller ?? ''}|${r.cells.callee ?? ''}`)
          .join('\n'),
      pager,
      currentPage: () => {
        const p = pager();
        return p ? currentPageNumber(p) : null;
      },
      pageButton: (n) => {
        const p = pager();
        return p ? pageNumberControl(p, n) : null;
      },
      click: (el) => (el as HTMLElement).click(),
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    },
    { signal, onProgress },
  );
}
