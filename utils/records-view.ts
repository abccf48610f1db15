import { mapHeaders } from './table-header';

/** Header cells of plain tables, tables whose first row is the header, and ARIA grids. */
const HEADER_CELLS = 'th, [role="columnheader"], thead td, tr:first-child > td';
/** Enough seed column names that this is a records table, or one the tools should explain. */
const MIN_RECOGNISED = 3;
/** A header row is short; reading more cells than this only costs time on big pages. */
const MAX_CELLS = 300;

/**
 * Whether the page shows something like the records table: cheap enough to ask twice a
 * second on every workbench page, so the page tools load only where they have work.
 */
export function looksLikeRecordsView(root: ParentNode): boolean {
  const cells = root.querySelectorAll(HEADER_CELLS);
  if (cells.length < MIN_RECOGNISED) return false;
  const texts = [...cells].slice(0, MAX_CELLS).map((cell, index) => ({ text: cell.textContent ?? '', index }));
  return Object.keys(mapHeaders(texts)).length >= MIN_RECOGNISED;
}
