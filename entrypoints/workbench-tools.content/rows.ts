import { untracked, type Signal } from '@preact/signals';
import { readRows, type RecordTable, type TableRow } from '../../utils/page-dom/table';
import { recordFromCells } from '../../utils/page-dom/cell-parse';
import {
  checkboxRow,
  ensureRowCheckbox,
  ensureUnboundMark,
  frontRendering,
  ROW_SELECT_TESTID,
  setRowVisible,
} from '../../utils/page-dom/row-decor';
import type { PageModel } from '../../utils/page-model/page-model';
import type { CallRecord } from '../../utils/record/record';
import type { UnboundReason } from '../../utils/page-dom/call-index';
import { t } from '../../utils/extension/i18n';
import { guarded } from '../../utils/diagnostics/problems';
import { virtualScroller } from '../../utils/page-dom/table-scroll';

interface BoundRow {
  row: TableRow;
  /** The call the row shows; null when it cannot be told (then `why`). */
  call: CallRecord | null;
  why?: UnboundReason;
  /** What the row's own texts say: what a filter judges an untied row by. */
  shown: CallRecord;
  /** The rendering of the row that holds our checkbox. */
  host: Element;
}

const UNBOUND_TEXT: Record<UnboundReason, () => string> = {
  'no-call': () => t('rowUnboundNoCall'),
  ambiguous: () => t('rowUnboundAmbiguous'),
  'no-time': () => t('rowUnboundNoTime'),
};

/** The rows on screen, each tied to its call where the page's data tells which one it is. */
export function readPageRows(table: RecordTable, model: PageModel): BoundRow[] {
  const rows = readRows(table);
  const front = frontRendering(table);
  return rows.map((row) => {
    const shown = recordFromCells(row.cells);
    const { call, why } = model.bindRow({ time: row.cells.time ?? '', caller: shown.caller, callee: shown.callee, ids: row.ids });
    return { row, call, why, shown, host: checkboxRow(row, front) };
  });
}

/** Keeps the page's rows in step with the model: checkboxes, hidden rows, the page's records. */
export function createRowBinder(
  model: PageModel,
  rowCount: Signal<number>,
  listen: (target: EventTarget, type: string, fn: (e: Event) => void, options?: AddEventListenerOptions) => void,
) {
  let bound: BoundRow[] = [];
  /** The tap's records as of the last binding. */
  let boundTapVersion = -1;

  const rowBox = (event: Event) => {
    const box = event.target as HTMLInputElement | null;
    return box?.dataset?.testid === ROW_SELECT_TESTID ? box : null;
  };
  // A person's click selects. A page script's (`box.click()`) is canceled, so the box does not
  // toggle: the browser would follow it with a `change` event it marks trusted itself. Heard
  // while capturing: the box keeps its clicks from the page's row handlers.
  listen(
    document,
    'click',
    guarded('row-select', (event: Event) => {
      const box = rowBox(event);
      if (!box) return;
      if (!event.isTrusted) return event.preventDefault();
      const hit = bound.find((b) => b.call && b.call.sessionId === box.dataset.sessionId);
      if (hit?.call) model.toggle(hit.call, box.checked);
    }),
    { capture: true },
  );
  // Whatever else changed the box (a script setting it and dispatching `change`), it shows the selection.
  listen(
    document,
    'change',
    guarded('row-select', (event: Event) => {
      const box = rowBox(event);
      if (box) box.checked = model.selected.value.has(box.dataset.sessionId ?? '');
    }),
    { capture: true },
  );

  const paint = () => {
    const selected = model.selected.value;
    const label = t('rowSelectLabel');
    for (const b of bound) {
      if (!b.row.element.isConnected) continue;
      if (b.call) ensureRowCheckbox(b.row, b.host, b.call.sessionId, selected.has(b.call.sessionId), label);
      else ensureUnboundMark(b.row, b.host, UNBOUND_TEXT[b.why ?? 'no-call']());
      setRowVisible(b.row, model.isVisible(b.call ?? b.shown));
    }
  };

  const bind = (table: RecordTable | null) =>
    untracked(() => {
      boundTapVersion = model.tapVersion.value;
      bound = table ? readPageRows(table, model) : [];
      rowCount.value = bound.length;
      const drawn = bound.flatMap((b) => (b.call ? [b.call] : []));
      // A virtualized table draws only the rows in view: the page is the list they came in.
      // Asked only when that list holds more calls than are drawn: the answer reads the
      // layout, which costs the page a layout of its own each time rows change.
      const list = model.listHolding(drawn);
      const virtual =
        table && list && list.length > drawn.length
          ? virtualScroller(
              table,
              bound.map((b) => b.row.element),
            )
          : null;
      model.pageRecords.value = (virtual && list) || drawn;
      model.unboundRows.value = bound.filter((b) => !b.call).length;

      // Rows that were not part of the collected query mean the user ran another query.
      const collected = model.collected.value;
      if (collected && bound.length) {
        const ids = new Set(collected.map((r) => r.sessionId));
        if (bound.some((b) => b.call && !ids.has(b.call.sessionId))) model.collected.value = null;
      }
      paint();
    });

  return { bind, paint: () => untracked(paint), boundTapVersion: () => boundTapVersion };
}

/** The page tools' row binder: binds the table's rows to their calls and paints them. */
export type RowBinder = ReturnType<typeof createRowBinder>;
