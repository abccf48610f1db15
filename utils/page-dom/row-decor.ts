/**
 * What the extension adds to the page's own rows: a checkbox in the first cell and
 * hiding by filter. Part of the table adapter; touches nothing but its own nodes and
 * the rows' `display`.
 */
import { OWN_NODE, type RecordTable, type TableRow } from './table';

export const ROW_SELECT_TESTID = 'row-select';
/** A row that could not be tied to its call: a disabled box that says why, never a `row-select`. */
export const ROW_UNBOUND_TESTID = 'row-unbound';
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
  const known = fronts.get(table);
  if (known) return known;
  const rect = firstCell(table.headerRow).getBoundingClientRect();
  if (!rect.width || !rect.height) return null;
  const hit = document.elementFromPoint(rect.left + Math.min(4, rect.width / 2), rect.top + rect.height / 2);
  const front = (hit && overlays.find((o) => o.headerRow.contains(hit))?.bodyRoots) || null;
  if (front) fronts.set(table, front);
  return front;
}

/**
 * The overlay found in front, per table: the page's styles keep it there, and asking again
 * would make the page lay itself out anew each time rows change. No answer is kept, as the
 * header may come into view later.
 */
const fronts = new WeakMap<RecordTable, Element[]>();

/** The rendering of a row that takes our checkbox: the one drawn in front, else the main row. */
export function checkboxRow(row: TableRow, front: Element[] | null): Element {
  return (front && row.allElements.find((el) => front.some((root) => root.contains(el)))) || row.element;
}

function createCheckbox(row: Element, testid: string): HTMLInputElement {
  const box = document.createElement('input');
  box.type = 'checkbox';
  box.dataset.testid = testid;
  box.setAttribute(OWN_NODE, '');
  box.style.cssText = 'margin:0 6px 0 0;vertical-align:middle;cursor:pointer;width:14px;height:14px;';
  // The page's own row handlers (open details, select) must not see our clicks.
  box.addEventListener('click', (event: Event) => event.stopPropagation());
  firstCell(row).prepend(box);
  return box;
}

const OWN_BOX = `input[${OWN_NODE}]`;

/** The row's box of kind `testid` in `host`, the only one of ours in any of its renderings. */
function ownBox(row: TableRow, host: Element, testid: string): HTMLInputElement {
  const box = host.querySelector<HTMLInputElement>(OWN_BOX);
  if (box?.dataset.testid === testid) return box;
  for (const el of row.allElements) for (const old of el.querySelectorAll(OWN_BOX)) old.remove();
  return createCheckbox(host, testid);
}

/** Puts (or updates) the row's checkbox in the rendering `host` of the row; returns it. */
export function ensureRowCheckbox(row: TableRow, host: Element, sessionId: string, checked: boolean, label: string): HTMLInputElement {
  const box = ownBox(row, host, ROW_SELECT_TESTID);
  if (box.dataset.sessionId !== sessionId) box.dataset.sessionId = sessionId;
  if (box.checked !== checked) box.checked = checked;
  if (box.getAttribute('aria-label') !== label) box.setAttribute('aria-label', label);
  return box;
}

/** A row not tied to a call: a disabled box whose tooltip says why, and no id at all. */
export function ensureUnboundMark(row: TableRow, host: Element, why: string): HTMLInputElement {
  const box = ownBox(row, host, ROW_UNBOUND_TESTID);
  box.disabled = true;
  box.style.cursor = 'help';
  if (box.title !== why) box.title = why;
  if (box.getAttribute('aria-label') !== why) box.setAttribute('aria-label', why);
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
  for (const box of root.querySelectorAll(OWN_BOX)) box.remove();
  for (const el of root.querySelectorAll<HTMLElement>(`[${HIDDEN_MARK}]`)) {
    el.style.removeProperty('display');
    el.removeAttribute(HIDDEN_MARK);
  }
}
