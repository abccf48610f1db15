/**
 * The report behind 复制诊断信息 / Copy diagnostics: what the extension saw of the page,
 * enough to tell why it did not work there, and nothing of the calls themselves. It is
 * built from shapes, names and counts; what could still slip in (a digit run, a URL in an
 * error message) is scrubbed once more on the way out.
 */
import type { Shape } from '../page-json/json-shape';
import type { TableCandidate } from '../page-dom/table';
import type { ListRecipeShape } from '../page-requests/list-recipe';
import type { RecipeShape } from '../page-requests/link-recipe';
import type { Problem } from './problems';
import { maskIds, redact } from './redact';

export interface DiagnosticsInput {
  version: string;
  userAgent: string;
  url: string;
  /** The table adapter's verdict, e.g. `ok` or `missing-headers: 时间`. */
  table?: string;
  tables?: TableCandidate[];
  /** The JSON responses the tap saw, as shapes. */
  responses?: { path: string; shape: Shape }[];
  records?: { normalized: number; dropped: Record<string, number> };
  /** Whether the tap watched the page from its first request, and has seen call records. */
  tap?: { early: boolean; records: boolean };
  /** Rows on screen; `unbound`: those not tied to a call (no checkbox). */
  view?: { rows: number; unbound?: number; selected: number; collected: number | null };
  /** What our own handlers on the page threw, scrubbed (see problems.ts). */
  problems?: Problem[];
  /** Links on demand: how many calls wait on them here, and the shape of the page's link request once learned. */
  links?: { onDemand: number; recipe: RecipeShape | null };
  /** The page's list request as learned (no values), and how the last collect-all went. */
  list?: { recipe: ListRecipeShape | null; collect: { way: string; fellBack: string | null; count: number; total: number | null } | null };
  queue?: { state: string; total: number; done: number; failed: number; skipped: number; reasons: { reason: string; count: number }[] }[];
}

/** The page's address as a report may give it: no query string, ids hidden. */
function where(url: string): string {
  try {
    const u = new URL(url);
    // The query string can carry a login token; the hash route is what matters.
    return `${u.origin}${maskIds(`${u.pathname}${u.hash.split('?')[0]}`)}`;
  } catch {
    return '<unreadable>';
  }
}

/** A JSON report a user can paste into a support ticket. */
export function diagnosticsReport(input: DiagnosticsInput): string {
  const { version, userAgent, url, ...seen } = input;
  const scrubbed = JSON.parse(redact(JSON.stringify(seen))) as typeof seen;
  return JSON.stringify({ report: 'TCCC 录音助手 diagnostics', version, browser: userAgent, page: where(url), ...scrubbed }, null, 2);
}
