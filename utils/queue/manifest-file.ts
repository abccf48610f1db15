/**
 * Saves a batch's manifest as a file, whatever its size. A `data:` URL is capped at 2 MiB
 * in Chromium (about 4,000 rows) and refused outright by Firefox, so the text goes into a
 * Blob URL, made where the browser allows one (see `blob-urls.ts`), and is let go once
 * the download has ended. It never throws: what went wrong is the answer.
 */
import type { ManifestFailure } from './types';

export interface ManifestIo {
  /** A URL the browser can download this text from. */
  objectUrl(text: string, type: string): Promise<string>;
  revoke(url: string): Promise<void>;
  download(options: { url: string; filename: string; conflictAction: 'overwrite'; saveAs: false }): Promise<number>;
  /** How the download ended: null once complete, else the browser's interrupt reason. */
  ended(downloadId: number): Promise<string | null>;
}

const CSV_TYPE = 'text/csv;charset=utf-8';

/** Writes `text` to `filename` (relative to the download folder); null when it is on disk. */
export async function writeManifest(io: ManifestIo, filename: string, text: string): Promise<ManifestFailure | null> {
  let url: string;
  try {
    url = await io.objectUrl(text, CSV_TYPE);
  } catch (error) {
    return { reason: 'no-blob', detail: message(error) };
  }
  try {
    const id = await io.download({ url, filename, conflictAction: 'overwrite', saveAs: false });
    const interrupted = await io.ended(id);
    return interrupted ? { reason: interrupted, detail: interrupted } : null;
  } catch (error) {
    return { reason: 'refused', detail: message(error) };
  } finally {
    await io.revoke(url).catch(() => {});
  }
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));
