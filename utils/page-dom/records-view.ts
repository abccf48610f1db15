import { cellsOf, headerRows } from './header-rows';
import { mapHeaders } from './table-header';

/** Enough seed column names in one header row that this is a records table, or one the tools should explain. */
const MIN_RECOGNISED = 3;

/**
 * Whether the page shows something like the records table: cheap enough to ask twice a
 * second on every workbench page, so the page tools load only where they have work. It
 * reads the same header rows as the table adapter, with a lower bar.
 */
export function looksLikeRecordsView(root: ParentNode): boolean {
  return headerRows(root).some((row) => {
    const cells = cellsOf(row);
    return (
      cells.length >= MIN_RECOGNISED &&
      Object.keys(mapHeaders(cells.map((cell, index) => ({ text: cell.textContent ?? '', index })))).length >= MIN_RECOGNISED
    );
  });
}
