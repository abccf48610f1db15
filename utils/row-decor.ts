/**
 * What the extension adds to the page's own rows: a checkbox in the first cell and
 * hiding by filter. Part of the table adapter; touches nothing but its own nodes and
 * the rows' `display`.
 */
import type { RecordTable, TableRow } from './table';

export const ROW_SELECT_TESTID = 'row-select';
const HIDDEN_MARK = 'data-tccc-hidden';

function firstCell(row: Element): Element {
  return row.querySelector(':scope > td, :scope > th, :scope > [role="cell"], :scope > [role="gridcell"]') ?? row;
}

/**
 * Where the first column is drawn on top. A fixed-left overlay (Ant Design 3 style) lies
 * over the main table's first cells, and a checkbox put there would sit under it, out of
 * reach. Asked once per table of the page itself, at the header's first cell; when the
 * header is out of view or the answer is unclear, the main table it is.
 */
export function frontRendering(table: RecordTable): Element[] | null {
  const overlays = table.overlays ?? [];
  if (!overlays.length) return null;
  const rect = firstCell(table.headerRow).getBoundingClientRect();
  if (!rect.width || !rect.height) return null;
  const hit = document.elementFromPoint(rect.left + Math.min(4, rect.width / 2), rect.top + rect.height / 2);
  return (hit && overlays.find((o) => o.headerRow.contains(hit))?.bodyRoots) || null;
}

/** The rendering of a row that takes our checkbox: the one drawn in front, else the main row. */
export function checkboxRow(row: TableRow, front: Element[] | null): Element {
  return (front && row.allElements.find((el) => front.some((root) => root.contains(el)))) || row.element;
}

function createCheckbox(row: Element): HTMLInputElement {
  const box = document.createElement('input');
  box.type = 'checkbox';
  box.dataset.testid = ROW_SELECT_TESTID;
  box.style.cssText = 'margin:0 6px 0 0;vertical-align:middle;cursor:pointer;width:14px;height:14px;';
  // The page's own row handlers (open details, select) must not see our clicks.
  box.addEventListener('click', (event: Event) => event.stopPropagation());
  firstCell(row).prepend(box);
  return box;
}

/** Puts (or updates) the row's checkbox in the rendering `host` of the row; returns it. */
export function ensureRowCheckbox(row: TableRow, host: Element, sessionId: string, checked: boolean, label: string): HTMLInputElement {
  const selector = `input[data-testid="${ROW_SELECT_TESTID}"]`;
  let box = host.querySelector<HTMLInputElement>(selector);
  if (!box) {
    for (const el of row.allElements) el.querySelector(selector)?.remove();
    box = createCheckbox(host);
  }
  if (box.dataset.sessionId !== sessionId) box.dataset.sessionId = sessionId;
  if (box.checked !== checked) box.checked = checked;
  if (box.getAttribute('aria-label') !== label) box.setAttribute('aria-label', label);
  return box;
}

export function setRowVisible(row: TableRow, visible: boolean): void {
  for (const el of row.allElements) {
    const html = el as HTMLElement;
    const hidden = html.hasAttribute(HIDDEN_MARK);
    if (visible && hidden) {
      html.style.removeProperty('display');
      html.removeAttribute(HIDDEN_MARK);
    } else if (!visible && !hidden) {
      html.style.setProperty('display', 'none', 'important');
      html.setAttribute(HIDDEN_MARK, '');
    }
  }
}

/** Takes back everything we changed, when the extension is unloaded or updated. */
export function undecorate(root: ParentNode): void {
  for (const box of root.querySelectorAll(`input[data-testid="${ROW_SELECT_TESTID}"]`)) box.remove();
  for (const el of root.querySelectorAll<HTMLElement>(`[${HIDDEN_MARK}]`)) {
    el.style.removeProperty('display');
    el.removeAttribute(HIDDEN_MARK);
  }
}
