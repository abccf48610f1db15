/**
 * The shape of a JSON value without any of its values: key paths, types and array lengths.
 * It is what a diagnostics report may carry of the page's responses.
 */
import { looksLikeValue, maskIds } from '../diagnostics/redact';

export type Shape = string | { [key: string]: Shape } | { array: number; of: Shape | null };

const MAX_DEPTH = 6;
const MAX_KEYS = 60;

export function shapeOf(value: unknown, depth = 0): Shape {
  if (value === null) return 'null';
  if (Array.isArray(value)) return { array: value.length, of: value.length && depth < MAX_DEPTH ? shapeOf(value[0], depth + 1) : null };
  if (typeof value !== 'object') return typeof value;
  if (depth >= MAX_DEPTH) return 'object';
  const out: Record<string, Shape> = {};
  const keys = Object.keys(value);
  // A key can be a value (an id, an e-mail, a number): keyed by it, a map of calls or agents.
  for (const key of keys.slice(0, MAX_KEYS))
    out[looksLikeValue(key) ? '<id>' : key] = shapeOf((value as Record<string, unknown>)[key], depth + 1);
  if (keys.length > MAX_KEYS) out['…'] = `${keys.length - MAX_KEYS} more keys`;
  return out;
}

/** A same-origin URL as a report may name it: the path only, ids hidden. */
export function maskedPath(url: string): string {
  try {
    const u = new URL(url);
    return maskIds(`${u.pathname}${u.hash.split('?')[0]}`);
  } catch {
    return '<unreadable url>';
  }
}
