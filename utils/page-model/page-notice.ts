import { COLUMN_NAMES } from '../page-dom/table-header';
import type { TableDiagnosis } from '../page-dom/table';

/**
 * Why the helper is idle on this page, when it is: `no-rows`, the table is there but stayed
 * empty; `no-table`, no table has the columns it needs (`missing` them; `found`, the headers
 * it did recognise, so the user sees which column the page calls otherwise); `records-no-table`,
 * the page received call records but no table shows them.
 */
export type PageNotice =
  | { kind: 'no-rows' }
  | { kind: 'no-table'; missing: string[]; found: string[] }
  | { kind: 'records-no-table'; missing: string[] };

export interface NoticeFacts {
  /** The records table is on the page. */
  table: boolean;
  /** It has had no rows for a while, not just while the page draws them. */
  emptyConfirmed: boolean;
  /** Why there is no table, while there is none; null before the first look. */
  diagnosis: TableDiagnosis | null;
  /** The tap saw call records at this very address (so another view never inherits the notice). */
  recordsHere: boolean;
}

/** The columns a records table cannot do without, by their first names. */
const REQUIRED = [COLUMN_NAMES.time[0]!, COLUMN_NAMES.caller[0]!, COLUMN_NAMES.callee[0]!];

/** The notice the page shows, or null; `foundHeaders` is read only when it is needed. */
export function pageNotice(facts: NoticeFacts, foundHeaders: () => string[]): PageNotice | null {
  if (facts.table) return facts.emptyConfirmed ? { kind: 'no-rows' } : null;
  if (facts.diagnosis?.kind === 'missing-headers') return { kind: 'no-table', missing: facts.diagnosis.missing, found: foundHeaders() };
  if (facts.recordsHere) return { kind: 'records-no-table', missing: REQUIRED };
  return null;
}
