/**
 * Which rows of a page are header rows. Only what the page marks as a header counts: a
 * row of a `<thead>`, or a row whose cells with text are all `th` / `columnheader`. A data
 * row never does, whatever column names its cells happen to mention (坐席未接, 未评价, a
 * remark about a 时间): its cells are a customer's data, and what is taken for a header is
 * shown in diagnostics.
 */

export function role(el: Element): string {
  return el.getAttribute('role') ?? '';
}

export function isRow(el: Element): boolean {
  return el.tagName === 'TR' || role(el) === 'row';
}

export function cellsOf(row: Element): Element[] {
  const out: Element[] = [];
  for (const c of row.children) {
    const r = role(c);
    if (c.tagName === 'TD' || c.tagName === 'TH' || r === 'cell' || r === 'gridcell' || r === 'columnheader' || r === 'rowheader')
      out.push(c);
  }
  return out;
}

export function isHeaderCell(cell: Element): boolean {
  return cell.tagName === 'TH' || role(cell) === 'columnheader';
}

/** A header row. A `th` beside a `td` is a details panel's label and its value, not a header. */
function isHeaderRow(row: Element): boolean {
  if (row.parentElement?.tagName === 'THEAD') return true;
  const cells = cellsOf(row);
  return cells.length > 0 && cells.every(isHeaderCell);
}

/** The header rows under `root`, in document order. */
export function headerRows(root: ParentNode): Element[] {
  return [...root.querySelectorAll('tr, [role="row"]')].filter(isHeaderRow);
}
