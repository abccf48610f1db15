/**
 * The pump: starts as many queued items as the concurrency allows, oldest batch first, and
 * records the browser's answer to each start. Reads each batch's queue a chunk at a time, so
 * thousands waiting cost no more than a few.
 */
import { recordingUrlOf } from '../page-json/recording-link';
import type { BrowserDownloads } from './browser-downloads';
import { QUEUED_CHUNK, chunksOf } from './scan';
import type { QueueDb } from './store';
import { claimed, interrupted, pickNext, started } from './transitions';
import type { Batch, QueueItem } from './types';

/**
 * Past this many items waiting for links, a batch's queue is not read further: the rest
 * waits for links too, and thousands need not be read on every event.
 */
const SCAN_WAITING_LIMIT = 256;
/**
 * The page is asked for more links while this many per slot are still ready to start, so
 * its answer comes before the slots run dry.
 */
const READY_RESERVE_PER_SLOT = 2;

export interface PumpDeps {
  db: QueueDb;
  downloads: BrowserDownloads;
  now: () => number;
  concurrency: () => Promise<number>;
  wakeAt: (when: number) => void;
  onLinksNeeded: () => void;
  batches: () => Promise<Batch[]>;
  /** The items under way, from memory. */
  underWay: () => Promise<QueueItem[]>;
  writeItems: (items: QueueItem[]) => Promise<void>;
  /** Runs an operation after every other (the engine's one-at-a-time rule). */
  exclusive: <T>(op: () => Promise<T>) => Promise<T>;
  /** Items this worker asked the browser to download and has no answer for yet: kept up to date here. */
  asking: Set<string>;
  /** Claims a dead worker left whose downloads may still show (see recovery.ts). */
  recovery: { waiting(): boolean; isUnlisted(itemId: string): boolean; checkUnlisted(): Promise<number> };
  /** Records what became of a download that ended (see the engine's `settleDownload`). */
  settleDownload: (downloadId: number) => Promise<boolean>;
  /** Judges the batches something happened to since the last time. */
  judgeTouched: () => Promise<void>;
}

/**
 * What a chunk of queued items holds: how many need links (of them, how many are due), how many
 * could start now, the first backoff to end.
 */
function sortOut(chunk: readonly QueueItem[], now: () => number) {
  const seen = { needLinks: 0, waitingForLinks: 0, startable: 0, firstBackoffEnd: Infinity };
  for (const i of chunk) {
    if (i.needsLink) seen.needLinks++;
    if (i.notBefore > now()) seen.firstBackoffEnd = Math.min(seen.firstBackoffEnd, i.notBefore);
    else if (i.needsLink) seen.waitingForLinks++;
    else seen.startable++;
  }
  return seen;
}

export function createPump(d: PumpDeps) {
  const { db, downloads, now } = d;
  /** Downloads of ours the browser finished whose items are not settled yet: their slots are free. */
  const finishing = new Set<number>();

  /**
   * Claims the item, then asks the browser for the download without waiting for it: the
   * browser answers only once the server's headers are in, and the queue must not stand
   * still that long. The answer is recorded in an operation of its own.
   */
  async function startOne(item: QueueItem): Promise<void> {
    const url = recordingUrlOf(item.record);
    if (!url) return d.writeItems([{ ...item, state: 'skipped', skipReason: 'unsafe-url' }]);
    const claim = claimed(item, now());
    await d.writeItems([claim]);
    d.asking.add(claim.id);
    downloads
      .start(url, item.filename)
      .then(
        (id) => d.exclusive(() => onStarted(claim, id)),
        (error: unknown) => d.exclusive(() => onRefused(claim, error)),
      )
      .finally(() => d.asking.delete(claim.id))
      // The claim stays in the store: recovery finds the download, or starts it again.
      .catch((error: unknown) => console.warn('[tccc] recording a started download failed:', error));
  }

  /**
   * The claim as it is now in the store, if nothing (a pause, a cancel) has taken it back
   * meanwhile. Already holding this very download is still the claim.
   */
  async function stillClaimed(claim: QueueItem, downloadId: number | null = null): Promise<boolean> {
    const current = (await d.underWay()).find((i) => i.id === claim.id);
    return !!current && current.startedAt === claim.startedAt && (current.downloadId === null || current.downloadId === downloadId);
  }

  async function onStarted(claim: QueueItem, id: number): Promise<void> {
    if (!(await stillClaimed(claim, id))) {
      // Paused or canceled while the browser was starting it: it must not land.
      return downloads.discard(id);
    }
    await d.writeItems([started(claim, id)]);
    // A small file can finish before we knew its id: look once, so its event is not lost.
    if (await d.settleDownload(id)) await pump();
  }

  async function onRefused(claim: QueueItem, error: unknown): Promise<void> {
    if (!(await stillClaimed(claim))) return;
    // Asked as the browser closes ("The browser is shutting down."): nothing wrong with the item.
    const reason = /shutting down/i.test(String(error)) ? 'USER_SHUTDOWN' : 'FILE_FAILED';
    await d.writeItems([{ ...interrupted(claim, reason, now()), lastError: String(error) }]);
    await pump();
  }

  /**
   * Starts what can start. `askForLinks`: the page may be asked for the next links;
   * `judge`: the batches something happened to are judged after.
   */
  async function pump(askForLinks = true, judge = true): Promise<void> {
    const { recovery } = d;
    // The end of a grace period is a time to wake at too: one alarm serves every wait.
    let wake = recovery.waiting() ? await recovery.checkUnlisted() : Infinity;
    const running = (await d.batches()).filter((b) => b.state === 'running');
    const concurrency = await d.concurrency();
    let free = concurrency - (await d.underWay()).filter((i) => i.downloadId === null || !finishing.has(i.downloadId)).length;
    let waitingForLinks = 0;
    /** Items that could start now but found no free slot: the downloads' reserve. */
    let ready = 0;
    const reserve = concurrency * READY_RESERVE_PER_SLOT;
    const slotsOrReserveWanted = () => free > 0 || ready < reserve;
    for (const batch of running) {
      if (!slotsOrReserveWanted()) break;
      let waiting = 0;
      for await (const chunk of chunksOf(db, batch.id, 'queued', QUEUED_CHUNK)) {
        const seen = sortOut(chunk, now);
        waiting += seen.needLinks;
        waitingForLinks += seen.waitingForLinks;
        wake = Math.min(wake, seen.firstBackoffEnd);
        const { startable } = seen;
        // A claim a dead worker left, queued again by a pause, is not started while its download may still show.
        const next = pickNext(recovery.waiting() ? chunk.filter((i) => !recovery.isUnlisted(i.id)) : chunk, [batch], free, now());
        for (const item of next) await startOne(item);
        free -= next.length;
        ready += startable - next.length;
        if (!slotsOrReserveWanted() || waiting >= SCAN_WAITING_LIMIT) break;
      }
    }
    if (wake < Infinity) d.wakeAt(wake);
    // Items wait for links and the reserve runs low: the page is asked for the next ones
    // before the slots run dry. Not after the page's own answer, which would ask again at
    // once for what it could not give.
    if (askForLinks && waitingForLinks > 0 && ready < reserve) d.onLinksNeeded();
    if (judge) await d.judgeTouched();
  }

  return {
    pump,

    /**
     * A download of ours finished: its slot goes to the next at once, before it is checked
     * and filed (the batch is judged after).
     */
    async pumpFreeing(downloadId: number): Promise<void> {
      finishing.add(downloadId);
      try {
        await pump(true, false);
      } finally {
        finishing.delete(downloadId);
      }
    },
  };
}
