/**
 * File names that Chrome, Firefox, Windows, macOS and Linux all accept.
 * Chrome refuses `"*:<>?\|`, control and format characters (Unicode Cc, Cf), noncharacters
 * and leading/trailing dots, spaces and `~`; on Windows it also refuses a short name with a
 * `~` inside (it could be an 8.3 alias), so no `~` is kept anywhere. Windows refuses its
 * reserved device names even with an extension (CONIN$, CONOUT$ and CLOCK$ among them);
 * most file systems cap a name at 255 bytes, so segments are capped in UTF-8 bytes with CJK
 * in mind.
 */
const ILLEGAL = /["*/:<>?\\|\p{Cc}\p{Cf}\p{Cs}\p{Noncharacter_Code_Point}\u2028\u2029]/gu;
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$|clock\$)(\..*)?$/i;

export const MAX_SEGMENT_BYTES = 150;
/**
 * The whole path we give, in UTF-16 units as Windows counts them. Windows takes 259 (MAX_PATH
 * 260 with its closing NUL). We assume a download folder such as `C:\Users\<a 20-character
 * user name>\Downloads\` (40), and Chrome's `.crdownload` while the file comes (11) and a
 * ` (99)` when it makes a name unique (5): 259 − 56 leaves 203, kept at 200. macOS (1,024
 * bytes) and Linux (4,096) allow far more.
 */
export const MAX_PATH_CHARS = 200;
/** What folders always leave for the file name: a session id, its context and the extension. */
export const MIN_FILE_CHARS = 80;

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

/** Cuts a string to at most `max` UTF-16 units without splitting a surrogate pair. */
function truncateChars(s: string, max: number): string {
  if (s.length <= max) return s;
  const end = Math.max(0, max);
  return /[\ud800-\udbff]/.test(s[end - 1] ?? '') ? s.slice(0, end - 1) : s.slice(0, end);
}

/** How much a name may take: UTF-8 bytes (the file system's cap) and UTF-16 units (Windows' path). */
export interface Room {
  bytes: number;
  chars: number;
}

export function truncateTo(s: string, room: Room): string {
  return truncateChars(truncateBytes(s, room.bytes), room.chars);
}

function trimEdges(s: string): string {
  return s.replace(/^[\s.~]+/, '').replace(/[\s.~]+$/, '');
}

/** Edges trimmed and a reserved name renamed, after every cut too: `CONSOLE` cut to 3 is `CON`. */
function finish(s: string): string {
  const t = trimEdges(s);
  return RESERVED.test(t) ? `_${t}` : t;
}

/** One folder or file name (no `/`), never empty. */
export function sanitizeSegment(raw: string, fallback = '_', room: Room = { bytes: MAX_SEGMENT_BYTES, chars: MAX_PATH_CHARS }): string {
  const s = finish(trimEdges(raw.normalize('NFC').replace(/\s+/g, ' ').replace(ILLEGAL, '_')).replace(/~/g, '_'));
  let cut = finish(truncateTo(s, room));
  // The `_` a reserved name gained counts against the room too.
  if (cut.length > room.chars || utf8Length(cut) > room.bytes)
    cut = finish(truncateTo(s, { bytes: room.bytes - 1, chars: room.chars - 1 }));
  return cut || fallback;
}

/** A file name with its extension kept whole when the stem has to be cut. */
function sanitizeFileName(stem: string, ext: string, room: Room = { bytes: MAX_SEGMENT_BYTES, chars: MAX_PATH_CHARS }): string {
  const cleanExt = ext.replace(/[^a-z0-9]/gi, '').slice(0, 8);
  const suffix = cleanExt ? `.${cleanExt}` : '';
  return sanitizeSegment(stem, '_', { bytes: room.bytes - utf8Length(suffix), chars: room.chars - suffix.length }) + suffix;
}

/**
 * Folders cut so that together (with their slashes) they take at most `max` units: the
 * longest are cut first, to one length, so short ones (the root, a batch) stay whole.
 */
export function fitFolders(folders: string[], max: number): string[] {
  const total = (list: string[]) => list.reduce((n, f) => n + f.length + 1, 0);
  if (total(folders) <= max) return folders;
  let cap = Math.max(...folders.map((f) => f.length));
  while (cap > 1 && total(folders.map((f) => truncateChars(f, cap))) > max) cap--;
  return folders.map((f) => sanitizeSegment(truncateChars(f, cap), '_', { bytes: MAX_SEGMENT_BYTES, chars: cap }));
}

/** Room left for the file name (extension included) under these sanitized folders. */
export function fileNameRoom(folders: string[]): Room {
  const used = folders.reduce((n, f) => n + f.length + 1, 0);
  return { bytes: MAX_SEGMENT_BYTES, chars: MAX_PATH_CHARS - used };
}

/**
 * A relative path under the download folder: `/`-separated, every segment sanitized,
 * `..` and empty segments dropped, the last segment kept as the file name, the whole within
 * MAX_PATH_CHARS with MIN_FILE_CHARS kept for the file name.
 */
export function sanitizePath(path: string, ext: string): string {
  const parts = path
    .split('/')
    .map((p) => p.trim())
    .filter((p) => p !== '' && p !== '.' && p !== '..');
  const file = parts.pop() ?? '';
  const folders = fitFolders(
    parts.map((p) => sanitizeSegment(p)),
    MAX_PATH_CHARS - MIN_FILE_CHARS,
  );
  const dot = file.lastIndexOf('.');
  const stem = dot > 0 && file.slice(dot + 1).toLowerCase() === ext.toLowerCase() ? file.slice(0, dot) : file;
  return [...folders, sanitizeFileName(stem, ext, fileNameRoom(folders))].join('/');
}
