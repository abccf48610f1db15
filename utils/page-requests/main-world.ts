/**
 * What arrives from the page's main world (the tap's events), checked and bounded before
 * the page tools use it. Anything there, a third-party script or an XSS on the workbench,
 * can dispatch these events too: each is taken only in its exact shape and size.
 */
import { MAX_BODY_CHARS, MAX_REQUEST_CHARS, type PageRequest, type TapAnswer, type TapPayload } from './tap';

/** A URL longer than this is no request the page makes for a list or a link. */
export const MAX_URL_CHARS = 8192;
const MAX_HEADERS = 64;
const MAX_HEADER_NAME = 256;
const MAX_HEADER_VALUE = 8192;
const MAX_TICKET = 64;
/** A body travels JSON-escaped inside the event's text: at most twice as long, with room for the rest. */
const MAX_DETAIL_CHARS = 2 * MAX_BODY_CHARS + 4 * MAX_REQUEST_CHARS;

const text = (value: unknown, max: number): value is string => typeof value === 'string' && value.length <= max;

export function isHeaderList(value: unknown): value is [string, string][] {
  return (
    Array.isArray(value) &&
    value.length <= MAX_HEADERS &&
    value.every((h) => Array.isArray(h) && h.length === 2 && text(h[0], MAX_HEADER_NAME) && text(h[1], MAX_HEADER_VALUE))
  );
}

export function isPageRequest(value: unknown): value is PageRequest {
  const r = value as Partial<PageRequest> | null;
  return (
    !!r &&
    typeof r === 'object' &&
    text(r.method, 16) &&
    text(r.url, MAX_URL_CHARS) &&
    (r.body === null || text(r.body, MAX_REQUEST_CHARS)) &&
    isHeaderList(r.headers)
  );
}

function parsed(detail: unknown): Record<string, unknown> | null {
  if (!text(detail, MAX_DETAIL_CHARS)) return null;
  try {
    const value: unknown = JSON.parse(detail);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** A response the tap forwarded: its URL, its body, and the request that got it only where that is well formed. */
export function readTapPayload(detail: unknown): TapPayload | null {
  const p = parsed(detail);
  if (!p || !text(p.url, MAX_URL_CHARS) || !text(p.body, MAX_BODY_CHARS)) return null;
  return isPageRequest(p.request) ? { url: p.url, body: p.body, request: p.request } : { url: p.url, body: p.body };
}

/** The tap's answer to a request the page tools asked it to repeat. */
export function readTapAnswer(detail: unknown): TapAnswer | null {
  const a = parsed(detail);
  if (!a || !text(a.ticket, MAX_TICKET) || !text(a.body, MAX_BODY_CHARS)) return null;
  const status = a.status;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 0 || status > 999) return null;
  return { ticket: a.ticket, status, body: a.body };
}
