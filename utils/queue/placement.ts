/**
 * Where the browser put a file, against where we asked. It gives an absolute path in the
 * platform's own separators (and macOS may decompose CJK), so both sides are normalized
 * before the asked-for relative path is looked for at its end.
 */
const norm = (p: string) => p.replace(/\\/g, '/').normalize('NFC');

/** Exactly where we asked. Another extension's rename, or `name (1).mp3`, is not. */
export function savedAsAsked(finalPath: string, asked: string): boolean {
  const path = norm(finalPath);
  const want = norm(asked);
  return path === want || path.endsWith(`/${want}`);
}

/**
 * In the asked folder under the asked name, or the name with the ` (1)` the browser adds
 * beside a file already there: the file is ours. Anywhere else (the folder's root under the
 * server's name, after the browser resumed it by itself) it is not.
 */
export function savedInAskedPlace(finalPath: string, asked: string): boolean {
  if (savedAsAsked(finalPath, asked)) return true;
  const want = norm(asked);
  const dot = want.lastIndexOf('.');
  const [stem, ext] = dot > want.lastIndexOf('/') ? [want.slice(0, dot), want.slice(dot)] : [want, ''];
  const path = norm(finalPath);
  const m = / \(\d+\)$/.exec(path.slice(0, path.length - ext.length));
  return !!m && path.endsWith(ext) && savedAsAsked(path.slice(0, m.index) + ext, stem + ext);
}
