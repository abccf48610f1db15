import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import {
  diagnosisText,
  findRecordTable,
  isAttached,
  rowRoots,
  tableDiagnosis,
  type RecordTable,
  type TableDiagnosis,
} from '../../utils/page-dom/table';
import { guarded } from '../../utils/diagnostics/problems';

const POLL_MS = 500;

/**
 * Follows the records table as the SPA swaps views and re-renders: a cheap poll checks
 * that the known table is still attached and looks for one only when it is gone, and an
 * observer on the table body and its fixed-column overlays' bodies (no subtree) reports
 * row re-renders. Nothing watches every mutation of the page.
 */
export function watchRecordTable(
  ctx: ContentScriptContext,
  onTable: (table: RecordTable | null, diagnosis: TableDiagnosis) => void,
  onRows: () => void,
): { recheck: (reread?: boolean) => void } {
  let current: RecordTable | null = null;
  let lastDiagnosis = '';
  let bodyObserver: MutationObserver | null = null;
  let observed: Element[] = [];
  let rowsScheduled = false;

  const observe = (table: RecordTable | null) => {
    const roots = table ? rowRoots(table) : [];
    if (bodyObserver && roots.length === observed.length && roots.every((r, i) => r === observed[i])) return;
    bodyObserver?.disconnect();
    bodyObserver = null;
    observed = roots;
    if (!table) return;
    bodyObserver = new MutationObserver(guarded('rows', scheduleRows));
    for (const root of roots) bodyObserver.observe(root, { childList: true });
  };

  function scheduleRows() {
    if (rowsScheduled) return;
    rowsScheduled = true;
    requestAnimationFrame(
      guarded('rows', () => {
        rowsScheduled = false;
        if (!ctx.isValid) return;
        onRows();
        // An overlay drawn since (with the first rows, say) is watched from now on.
        observe(current);
      }),
    );
  }

  /** `reread`: read the headers again even if the table is still there (the user renamed a column). */
  const recheck = (reread = false) => {
    if (!ctx.isValid) return;
    if (current && isAttached(current) && !reread) return;
    const found = findRecordTable(document);
    const diagnosis: TableDiagnosis = found ? { kind: 'ok' } : tableDiagnosis(document);
    if (found === null && current === null && diagnosisText(diagnosis) === lastDiagnosis) return;
    current = found;
    lastDiagnosis = diagnosisText(diagnosis);
    observe(found);
    onTable(found, diagnosis);
  };

  ctx.setInterval(
    guarded('table', () => recheck()),
    POLL_MS,
  );
  ctx.addEventListener(
    window,
    'wxt:locationchange',
    guarded('table', () => recheck()),
  );
  ctx.onInvalidated(() => bodyObserver?.disconnect());
  recheck();
  return { recheck };
}
