/**
 * What the extension adds to the page's own rows: a checkbox in the first cell and
 * hiding by filter. Part of the table adapter; touches nothing but its own nodes and
 * the rows' `display`.
 */
import type { TableRow } from './table';

export const ROW_SELECT_TESTID = 'row-select';
const HIDDEN_MARK = 'data-tccc-hidden';

function firstCell(row: Element): Element {
  return row.querySelector(':scope > td, :scope > th, :scope > [role="cell"], :scope > [role="gridcell"]') ?? row;
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

/** Puts (or updates) the row's checkbox; returns it. */
export function ensureRowCheckbox(row: TableRow, sessionId: string, checked: boolean, label: string): HTMLInputElement {
  const box = row.element.querySelector<HTMLInputElement>(`input[data-testid="${ROW_SELECT_TESTID}"]`) ?? createCheckbox(row.element);
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
