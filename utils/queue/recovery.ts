/**
 * Recovery of a dead worker's claims. A worker may die between claiming an item and saving
 * the id of the download it asked for; the next worker finds that download by its link, or
 * puts the item back into the queue once the download can no longer show.
 */
import { recordingUrlOf } from '../page-json/recording-link';
import type { BrowserDownloads } from './browser-downloads';
import { itemByDownloadId, itemsById, itemsInState, type QueueDb } from './store';
import { reconcile, type BrowserDownload } from './transitions';
import type { QueueItem } from './types';

/**
 * How long a claim a dead worker left may wait for its download to be listed: the browser
 * lists a download only once the server's headers are in, and goes on asking for it when
 * the worker that asked has died. Started again before that, it would be fetched twice.
 */
const CLAIM_GRACE_MS = 60_000;

export interface RecoveryDeps {
  db: QueueDb;
  downloads: BrowserDownloads;
  now: () => number;
  wakeAt: (when: number) => void;
  writeItems: (items: QueueItem[]) => Promise<void>;
  /**
   * Items this worker asked the browser to download and has no answer for yet. A worker woken
   * by an event may handle it, and start downloads, before its own recovery runs: those claims
   * are not a dead worker's, and their downloads must not be taken from under their answer.
   */
  asking: ReadonlySet<string>;
  /** Records what became of a found download, as after a restart (see the engine's `settleDownload`). */
  settleAfterRestart: (downloadId: number) => Promise<unknown>;
  /** A finished download of the item: done where asked, else removed (see the engine's `finished`). */
  finished: (item: QueueItem, downloadId: number, found: Extract<BrowserDownload, { state: 'complete' }>) => Promise<unknown>;
  /** A download that is no item's any more: stopped, or its file removed, and forgotten. */
  discard: (downloadId: number, found: BrowserDownload) => Promise<void>;
}

export function createRecovery(d: RecoveryDeps) {
  const { db, downloads, now } = d;
  /** Claims a dead worker left whose downloads are not listed yet (see CLAIM_GRACE_MS). */
  const unlistedClaims = new Set<string>();

  /** The download a claimed item started before the worker died, if the browser has it. */
  async function findClaimedDownload(item: QueueItem): Promise<number | null> {
    const url = recordingUrlOf(item.record);
    if (!url) return null;
    // The newest that no other item owns: another batch may have downloaded the same link
    // (forced), and the browser promises no order.
    let best: number | null = null;
    for (const id of await downloads.startedSince(url, item.startedAt - 2000))
      if ((best === null || id > best) && !(await itemByDownloadId(db, id))) best = id;
    return best;
  }

  /** One such claim: settled, or back in the queue, or still waiting (answers until when). */
  async function checkOne(item: QueueItem): Promise<number> {
    const queuedAgain = item.state === 'queued' || item.skipReason === 'canceled';
    if (item.downloadId !== null || (item.state !== 'downloading' && !queuedAgain)) {
      unlistedClaims.delete(item.id);
      return Infinity;
    }
    const id = await findClaimedDownload(item);
    if (id === null) {
      if (now() < item.startedAt + CLAIM_GRACE_MS) return item.startedAt + CLAIM_GRACE_MS;
      unlistedClaims.delete(item.id);
      if (!queuedAgain) await d.writeItems([reconcile(item, undefined, now())]);
      return Infinity;
    }
    unlistedClaims.delete(item.id);
    if (!queuedAgain) {
      await d.writeItems([{ ...item, downloadId: id }]);
      await d.settleAfterRestart(id);
      return Infinity;
    }
    const found = await downloads.state(id);
    if (found?.state === 'complete') await d.finished({ ...item, state: 'downloading', downloadId: id }, id, found);
    else await d.discard(id, found);
    return Infinity;
  }

  return {
    /** Some claims still wait for their downloads to be listed. */
    waiting: (): boolean => unlistedClaims.size > 0,

    /** The item is such a claim: queued again by a pause, it is not started while its download may still show. */
    isUnlisted: (itemId: string): boolean => unlistedClaims.has(itemId),

    /** Every item that was downloading is settled, or waits for its download to be listed (see the engine's `recover`). */
    async recoverClaims(browserRestarted: boolean): Promise<void> {
      unlistedClaims.clear();
      for (const item of await itemsInState(db, 'downloading')) {
        // Asked for by this worker itself, before this recovery ran: its answer will come.
        if (d.asking.has(item.id)) continue;
        const id = item.downloadId ?? (await findClaimedDownload(item));
        if (id === null && !browserRestarted && now() < item.startedAt + CLAIM_GRACE_MS) {
          // Its download may not be listed yet: it keeps its slot for a while.
          unlistedClaims.add(item.id);
          d.wakeAt(item.startedAt + CLAIM_GRACE_MS);
          continue;
        }
        if (id === null) {
          await d.writeItems([reconcile(item, undefined, now())]);
          continue;
        }
        if (item.downloadId === null) await d.writeItems([{ ...item, downloadId: id }]);
        await d.settleAfterRestart(id);
      }
    },

    /**
     * Claims a dead worker left: a download listed since is theirs; one not listed within the
     * grace period never will be, and the item goes back into the queue. One whose batch was
     * paused or canceled meanwhile is queued again already: its download, when it shows, is
     * stopped like the others of the batch (or kept, if it finished). Answers when the first
     * grace period still running ends.
     */
    async checkUnlisted(): Promise<number> {
      let graceEnds = Infinity;
      const items = await itemsById(db, [...unlistedClaims]);
      const stillThere = new Set(items.map((i) => i.id));
      for (const id of unlistedClaims) if (!stillThere.has(id)) unlistedClaims.delete(id);
      for (const item of items) graceEnds = Math.min(graceEnds, await checkOne(item));
      return graceEnds;
    },
  };
}
