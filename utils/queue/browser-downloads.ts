/**
 * The queue's view of the browser's download manager: the few calls it makes, in its own
 * terms. Calls that only tidy up (stopping, forgetting) never throw: the download may be
 * gone already, and that is what was wanted.
 */
import type { BrowserDownload } from './transitions';

/** The part of `browser.downloads` the queue uses (injected: tests give a fake). */
export interface DownloadsApi {
  download(options: { url: string; filename: string; conflictAction: 'uniquify'; saveAs: false }): Promise<number>;
  search(query: {
    id?: number;
    url?: string;
    startedAfter?: string;
  }): Promise<{ id: number; state?: string; filename?: string; bytesReceived?: number; error?: string; mime?: string }[]>;
  cancel(id: number): Promise<void>;
  erase(query: { id: number }): Promise<unknown>;
  /** Deletes a finished download's file (the browser refuses any other). */
  removeFile(id: number): Promise<void>;
}

/** The part of a `downloads.onChanged` delta the queue reads: an end, a new target path, a pause. */
export interface DownloadDelta {
  state?: { current?: string };
  filename?: { current?: string; previous?: string };
  paused?: { current?: boolean };
}

export function browserDownloads(api: DownloadsApi) {
  return {
    /** Asks for a download; answered with its id once the server's headers are in. */
    start: (url: string, filename: string): Promise<number> => api.download({ url, filename, conflictAction: 'uniquify', saveAs: false }),

    /** What the browser says of a download now; undefined once it is forgotten. */
    async state(downloadId: number): Promise<BrowserDownload> {
      const [found] = await api.search({ id: downloadId });
      if (!found) return undefined;
      if (found.state === 'complete')
        return { state: 'complete', path: found.filename ?? '', bytes: found.bytesReceived ?? 0, mime: found.mime };
      if (found.state === 'interrupted') return { state: 'interrupted', error: found.error ?? 'UNKNOWN', path: found.filename };
      return { state: 'in_progress' };
    },

    /** Stops a download under way (a finished one is left as it is). */
    stop: (downloadId: number): Promise<void> => api.cancel(downloadId).catch(() => {}),

    /**
     * Stops the download, or removes its file if it finished (`found`: its state), then
     * forgets it, so the browser cannot resume it by itself.
     */
    async discard(downloadId: number, found: BrowserDownload = undefined): Promise<void> {
      if (found?.state === 'complete') await api.removeFile(downloadId).catch(() => {});
      else await api.cancel(downloadId).catch(() => {});
      await api.erase({ id: downloadId }).catch(() => {});
    },

    /** Downloads of this link the browser started after that time, newest first or not (the browser promises no order). */
    startedSince: async (url: string, since: number): Promise<number[]> =>
      (await api.search({ url, startedAfter: new Date(since).toISOString() })).map((d) => d.id),
  };
}

export type BrowserDownloads = ReturnType<typeof browserDownloads>;
