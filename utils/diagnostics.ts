/**
 * The report behind 复制诊断信息 / Copy diagnostics: what the extension saw of the page,
 * enough to tell why it did not work there, and nothing of the calls themselves. It is
 * built from shapes, names and counts; what could still slip in (a digit run, a URL in an
 * error message) is scrubbed once more on the way out.
 */
import type { Shape } from './json-shape';
import type { TableCandidate } from './table';
import type { RecipeShape } from './link-recipe';
import type { Problem } from './problems';

/** Long digit runs are phone numbers or ids: they never leave the machine. */
function hideDigits(text: string): string {
  return text.replace(/\d{5,}/g, (digits) => `${digits.slice(0, 3)}${'*'.repeat(digits.length - 5)}${digits.slice(-2)}`);
}

/** Digit runs hidden, and URLs cut to their origin: their paths and queries carry tokens. */
export function redact(text: string): string {
  return hideDigits(
    text.replace(/https?:\/\/[^\s"'<>]+/g, (url) => {
      try {
        return `${new URL(url).origin}/…`;
      } catch {
        return '<url>';
      }
    }),
  );
}

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
  /** Rows on screen; `unbound`: those not tied to a call (no checkbox). */
  view?: { rows: number; unbound?: number; selected: number; collected: number | null };
  /** What our own handlers on the page threw, scrubbed (see problems.ts). */
  problems?: Problem[];
  /** Links on demand: how many calls wait on them here, and the shape of the page's link request once learned. */
  links?: { onDemand: number; recipe: RecipeShape | null };
  queue?: { state: string; total: number; done: number; failed: number; skipped: number; reasons: { reason: string; count: number }[] }[];
}

/** The page's address as a report may give it: no query string, ids hidden. */
function where(url: string): string {
  try {
    const u = new URL(url);
    // The query string can carry a login token; the hash route is what matters.
    return `${u.origin}${u.pathname}${u.hash.split('?')[0]}`;
  } catch {
    return '<unreadable>';
  }
}

/** A JSON report a user can paste into a support ticket. */
export function diagnosticsReport(input: DiagnosticsInput): string {
  const { version, userAgent, url, ...seen } = input;
  const scrubbed = JSON.parse(redact(JSON.stringify(seen))) as typeof seen;
  return JSON.stringify({ report: 'TCCC 录音助手 diagnostics', version, browser: userAgent, page: hideDigits(where(url)), ...scrubbed }, null, 2);
}
