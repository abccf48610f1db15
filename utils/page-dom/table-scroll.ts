/**
 * A virtualized table keeps only the rows in view in the DOM and draws others as its
 * body is scrolled. Part of the table adapter: where that scrolling body is, if any.
 */
import type { RecordTable } from './table';

const LEVELS = 4;

function scrolls(el: Element): boolean {
  if (el.scrollHeight <= el.clientHeight + 1) return false;
  const overflow = getComputedStyle(el).overflowY;
  return overflow === 'auto' || overflow === 'scroll' || overflow === 'overlay';
}

/**
 * Whether the rows drawn fill the scrolled content from top to bottom: then every row is in
 * the DOM. A virtualized list leaves room above or below them for the rows it has not drawn.
 */
function drawsEveryRow(scroller: Element, rows: Element[]): boolean {
  const first = rows[0]?.getBoundingClientRect();
  const last = rows.at(-1)?.getBoundingClientRect();
  if (!first || !last) return true;
  const box = scroller.getBoundingClientRect();
  const contentTop = box.top - scroller.scrollTop;
  const slack = Math.max(first.height, 1) * 1.5;
  return first.top - contentTop < slack && contentTop + scroller.scrollHeight - last.bottom < slack;
}

/**
 * The element that scrolls a virtualized table's rows; null when every row is in the DOM
 * (no scrolling body, or one whose rows are all drawn).
 */
export function virtualScroller(table: RecordTable, rows: Element[]): HTMLElement | null {
  let el: Element | null = table.bodyRoots[0] ?? null;
  for (let level = 0; el && level < LEVELS && el !== el.ownerDocument.body; level++, el = el.parentElement) {
    if (scrolls(el)) return drawsEveryRow(el, rows) ? null : (el as HTMLElement);
  }
  return null;
}
