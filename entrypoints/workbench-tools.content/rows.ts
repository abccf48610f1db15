import { untracked, type Signal } from '@preact/signals';
import { readRows, type RecordTable, type TableRow } from '../../utils/table';
import { recordFromCells } from '../../utils/cell-parse';
import { checkboxRow, ensureRowCheckbox, frontRendering, ROW_SELECT_TESTID, setRowVisible } from '../../utils/row-decor';
import type { PageModel } from '../../utils/page-model';
import type { CallRecord } from '../../utils/record';
import { t } from '../../utils/i18n';
import { guarded } from '../../utils/problems';

interface BoundRow {
  row: TableRow;
  record: CallRecord;
  /** The id the row had from its cells alone, before joining to the tap. */
  cellId: string;
  /** The rendering of the row that holds our checkbox. */
  host: Element;
}

/** The records of the rows on screen, each joined to its tap record when one is known. */
export function readPageRecords(table: RecordTable, model: PageModel): BoundRow[] {
  const front = frontRendering(table);
  return readRows(table).map((row) => {
    const fromCells = recordFromCells(row.cells);
    return { row, record: model.resolve(fromCells), cellId: fromCells.sessionId, host: checkboxRow(row, front) };
  });
}

/** Keeps the page's rows in step with the model: checkboxes, hidden rows, the page's records. */
export function createRowBinder(
  model: PageModel,
  rowCount: Signal<number>,
  listen: (target: EventTarget, type: string, fn: (e: Event) => void, options?: AddEventListenerOptions) => void,
) {
  let bound: BoundRow[] = [];

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
      const hit = bound.find((b) => b.record.sessionId === box.dataset.sessionId);
      if (hit) model.toggle(hit.record, box.checked);
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
      ensureRowCheckbox(b.row, b.host, b.record.sessionId, selected.has(b.record.sessionId), label);
      setRowVisible(b.row, model.isVisible(b.record));
    }
  };

  const bind = (table: RecordTable | null) =>
    untracked(() => {
      bound = table ? readPageRecords(table, model) : [];
      rowCount.value = bound.length;
      model.pageRecords.value = bound.map((b) => b.record);

      // A row selected before its tap record arrived keeps its selection under the real id.
      const selected = model.selected.value;
      const moved = bound.filter((b) => b.cellId !== b.record.sessionId && selected.has(b.cellId));
      if (moved.length) {
        const next = new Map(selected);
        for (const b of moved) next.delete(b.cellId), next.set(b.record.sessionId, b.record);
        model.selected.value = next;
      }

      // Rows that were not part of the collected query mean the user ran another query.
      const collected = model.collected.value;
      if (collected && bound.length) {
        const ids = new Set(collected.map((r) => r.sessionId));
        if (bound.some((b) => !ids.has(b.record.sessionId))) model.collected.value = null;
      }
      paint();
    });

  return { bind, paint: () => untracked(paint) };
}

export type RowBinder = ReturnType<typeof createRowBinder>;
