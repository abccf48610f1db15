/**
 * What the browser's news of one of our downloads does to its item: an end (done, retried,
 * failed, the batch paused for the user), a pause in the browser's own list, a new path.
 */
import type { BrowserDownloads } from './browser-downloads';
import { savedInAskedPlace } from './placement';
import { itemsInState, type QueueDb } from './store';
import {
  alsoExpired,
  interrupted,
  landed,
  pausesBatch,
  reconcile,
  RENAMED_BY_EXTENSION,
  SAVED_ELSEWHERE,
  USER_PAUSED,
  type BrowserDownload,
} from './transitions';
import type { QueueItem } from './types';

export interface OutcomesDeps {
  db: QueueDb;
  downloads: BrowserDownloads;
  now: () => number;
  /** The item under way with this browser download (see ledger.ts). */
  downloadingWith: (downloadId: number) => Promise<QueueItem | undefined>;
  writeItems: (items: QueueItem[]) => Promise<void>;
  onLinksNeeded: () => void;
  /** The batch waits for the user, as the pause button does. */
  pauseBatch: (batchId: string) => Promise<void>;
}

export function createDownloadOutcomes(d: OutcomesDeps) {
  const { downloads, now, downloadingWith, writeItems } = d;
  /**
   * The first path the browser gave each download of ours, noted as the event comes, before
   * it waits its turn: a small file's end may be settled before that event is.
   */
  const firstPaths = new Map<number, string>();

  /**
   * A download of the item finished: done where asked; otherwise its file is removed and the
   * entry forgotten before the item is fetched again (see `landed`).
   */
  async function finished(item: QueueItem, downloadId: number, found: Extract<BrowserDownload, { state: 'complete' }>): Promise<QueueItem> {
    const first = firstPaths.get(downloadId);
    firstPaths.delete(downloadId);
    const namedByAnother = item.lastError === RENAMED_BY_EXTENSION || (first !== undefined && !savedInAskedPlace(first, item.filename));
    const next = landed(item, found, namedByAnother, now());
    await writeItems([next]);
    if (next.state !== 'done' && next.lastError !== RENAMED_BY_EXTENSION) await discard(downloadId, found);
    return next;
  }

  /** A download that is no item's any more: stopped (or its file removed) and forgotten, so the browser cannot resume it by itself. */
  async function discard(downloadId: number, found: BrowserDownload): Promise<void> {
    firstPaths.delete(downloadId);
    await downloads.discard(downloadId, found);
  }

  return {
    finished,
    discard,

    /** The first path the browser told for a download, as the event comes. */
    noteFirstPath(downloadId: number, path: string): void {
      firstPaths.set(downloadId, path);
    },

    /**
     * Records what became of the item's download, once it ended: done, retried or failed
     * (`afterRestart`: a cancel is the browser's going down, not the user's; `seen`: its state,
     * already read). False when no item is downloading it, or it is still going.
     */
    async settleDownload(downloadId: number, how: { afterRestart?: boolean; seen?: BrowserDownload } = {}): Promise<boolean> {
      const item = await downloadingWith(downloadId);
      if (!item) return false;
      const found = how.seen ?? (await downloads.state(downloadId));
      if (found?.state === 'in_progress') return false;
      const next = found?.state === 'complete' ? await finished(item, downloadId, found) : reconcile(item, found, now(), how.afterRestart);
      if (found?.state !== 'complete') {
        await writeItems([next]);
        // Retried as a fresh download: Chrome must not resume this one on its own, which
        // can land at the folder's root under the server's name.
        if (found?.state === 'interrupted') await discard(downloadId, found);
      }
      if (next.needsLink) {
        await writeItems(alsoExpired(next, await itemsInState(d.db, 'queued')));
        d.onLinksNeeded();
      }
      // A full disk, or a save dialog, meets every file alike: the batch waits, with one reason, for the user.
      if (pausesBatch(next.lastError)) await d.pauseBatch(next.batchId);
      return true;
    },

    /**
     * The user paused one of our downloads in the browser's own list: it would hold a slot for
     * as long as it stays paused. It is stopped, and the item says why (retry-failed brings it back).
     */
    async pausedByUser(downloadId: number): Promise<boolean> {
      const item = await downloadingWith(downloadId);
      if (!item) return false;
      await writeItems([interrupted(item, USER_PAUSED, now())]);
      await discard(downloadId, await downloads.state(downloadId));
      return true;
    },

    /**
     * The browser gave one of our downloads a path other than the one asked. Named so before
     * any byte came (no previous path): another extension's `onDeterminingFilename`, which
     * fetching again would repeat; the item says so when it ends. Moved after it had our name:
     * the browser resumed a dropped connection by itself, under the server's name at the
     * folder's root; it is stopped now and fetched again, fresh.
     */
    async moved(downloadId: number, path: string, previous: string): Promise<boolean> {
      const item = await downloadingWith(downloadId);
      if (!item || savedInAskedPlace(path, item.filename)) return false;
      if (!previous) {
        if (item.lastError !== RENAMED_BY_EXTENSION) await writeItems([{ ...item, lastError: RENAMED_BY_EXTENSION }]);
        return false;
      }
      // Requeued before the cancel, so its interrupt event finds nothing of ours.
      await writeItems([interrupted(item, SAVED_ELSEWHERE, now())]);
      await discard(downloadId, await downloads.state(downloadId));
      return true;
    },
  };
}
