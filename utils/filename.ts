/**
 * File names that Chrome, Firefox, Windows, macOS and Linux all accept.
 * Chrome refuses `"*:<>?\|`, control and format characters (Unicode Cc, Cf), noncharacters
 * and leading/trailing dots, spaces and `~`; on Windows it also refuses a short name with a
 * `~` inside (it could be an 8.3 alias), so no `~` is kept anywhere. Windows refuses its
 * reserved device names even with an extension; most file systems cap a name at 255
 * bytes, so segments are capped in UTF-8 bytes with CJK in mind.
 */
const ILLEGAL = /["*/:<>?\\|\p{Cc}\p{Cf}\p{Cs}\p{Noncharacter_Code_Point}\u2028\u2029]/gu;
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;

export const MAX_SEGMENT_BYTES = 150;
export const MAX_PATH_BYTES = 400;

/** UTF-8 bytes of one code point. */
function codePointBytes(cp: number): number {
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

/** Bytes in UTF-8, counted without encoding (names are measured thousands of times per batch). */
export function utf8Length(s: string): number {
  let n = 0;
  for (const ch of s) n += codePointBytes(ch.codePointAt(0)!);
  return n;
}

/** Cuts a string to at most `max` UTF-8 bytes without splitting a character. */
export function truncateBytes(s: string, max: number): string {
  if (s.length * 3 <= max || utf8Length(s) <= max) return s;
  let used = 0;
  let end = 0;
  for (const ch of s) {
    used += codePointBytes(ch.codePointAt(0)!);
    if (used > max) break;
    end += ch.length;
  }
  return s.slice(0, end);
}

function trimEdges(s: string): string {
  return s.replace(/^[\s.~]+/, '').replace(/[\s.~]+$/, '');
}

/** One folder or file name (no `/`), never empty. */
export function sanitizeSegment(raw: string, fallback = '_', maxBytes = MAX_SEGMENT_BYTES): string {
  let s = raw.normalize('NFC').replace(/\s+/g, ' ').replace(ILLEGAL, '_');
  s = trimEdges(s).replace(/~/g, '_');
  if (RESERVED.test(s)) s = `_${s}`;
  s = trimEdges(truncateBytes(s, maxBytes));
  return s || fallback;
}

/** A file name with its extension kept whole when the stem has to be cut. */
export function sanitizeFileName(stem: string, ext: string, maxBytes = MAX_SEGMENT_BYTES): string {
  const cleanExt = ext.replace(/[^a-z0-9]/gi, '').slice(0, 8);
  const suffix = cleanExt ? `.${cleanExt}` : '';
  return sanitizeSegment(stem, '_', maxBytes - utf8Length(suffix)) + suffix;
}

/**
 * A relative path under the download folder: `/`-separated, every segment sanitized,
 * `..` and empty segments dropped, the last segment kept as the file name.
 */
export function sanitizePath(path: string, ext: string): string {
  const parts = path.split('/').map((p) => p.trim()).filter((p) => p !== '' && p !== '.' && p !== '..');
  const file = parts.pop() ?? '';
  const folders = parts.map((p) => sanitizeSegment(p));
  const dot = file.lastIndexOf('.');
  const stem = dot > 0 && file.slice(dot + 1).toLowerCase() === ext.toLowerCase() ? file.slice(0, dot) : file;
  return [...folders, sanitizeFileName(stem, ext, fileNameBudget(folders))].join('/');
}

/** Bytes left for the file name (extension included) under these sanitized folders. */
export function fileNameBudget(folders: string[]): number {
  const folderBytes = folders.reduce((n, f) => n + utf8Length(f) + 1, 0);
  return Math.max(40, Math.min(MAX_SEGMENT_BYTES, MAX_PATH_BYTES - folderBytes));
}
