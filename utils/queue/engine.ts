/**
 * Wires the queue's pure state changes to the store and the browser's download
 * manager. Holds no state of its own: every call reads IndexedDB, so a worker that
 * was stopped and woken by an event carries on where the last one left off.
 */
import type { CallRecord } from '../record/record';
import { recordingUrlOf } from '../page-json/recording-link';
import { servesCall } from '../background/link-trust';
import { batchLabel } from '../naming/name-template';
import { randomId } from '../helpers/random-id';
import {
  allBatches,
  batchItemsInState,
  countInStates,
  deleteBatches,
  itemByDownloadId,
  itemsById,
  itemsInState,
  itemsOfBatch,
  knownSessionIds,
  putBatch,
  putItems,
  saveNewBatch,
  spreadPending,
  type QueueDb,
} from './store';
import { asWireCalls, namedItems, pendingBatch, pendingItems, type PendingBatch, type WireCalls } from './pending';
import {
  alsoExpired,
  applyFreshLinks,
  batchStateFromCounts,
  canceled,
  claimed,
  classifyInterrupt,
  interrupted,
  landed,
  linksNotGiven,
  linksWanted,
  pickNext,
  pausesBatch,
  planEnqueue,
  reconcile,
  RENAMED_BY_EXTENSION,
  retryFailed,
  SAVED_ELSEWHERE,
  started,
  USER_PAUSED,
  type BrowserDownload,
} from './transitions';
import { savedInAskedPlace } from './placement';
import { ItemTally, batchView, summarize, withLiveBytes } from './view';
import { batchesToForget, isFinished } from './retention';
import type { BatchView, LinksWanted, LinkUnavailableReason } from '../extension/messages';
import type { Batch, ManifestFailure, QueueItem } from './types';

/** Items read at a time to learn what the popup shows of a batch. */
const TALLY_CHUNK = 2_000;
/** Queued items read at a time when looking for the next to start. */
const SCAN_CHUNK = 64;
/**
 * Past this many items waiting for links, a batch's queue is not read further: the rest
 * waits for links too, and thousands need not be read on every event.
 */
const SCAN_WAITING_LIMIT = 256;
/**
 * How long a claim a dead worker left may wait for its download to be listed: the browser
 * lists a download only once the server's headers are in, and goes on asking for it when
 * the worker that asked has died. Started again before that, it would be fetched twice.
 */
const CLAIM_GRACE_MS = 60_000;
/** Calls a page is asked about at once: the rest is asked about as these start. */
const LINKS_LISTED = 1_000;
/** Queued items read at most to find them: past this, links are not wanted yet. */
const LINKS_READ = 4 * LINKS_LISTED;
/** Links asked of the page per download slot: enough to keep the slots busy, few enough not to expire. */
const LINKS_AHEAD_PER_SLOT = 4;
/**
 * The page is asked for more links while this many per slot are still ready to start, so
 * its answer comes before the slots run dry.
 */
const READY_RESERVE_PER_SLOT = 2;

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

export interface EngineDeps {
  db: QueueDb;
  downloads: DownloadsApi;
  now: () => number;
  concurrency: () => Promise<number>;
  /** How files are named: the user's template, root folder and masking, read per batch. */
  naming: () => Promise<{ template: string; root: string; maskPhones: boolean }>;
  /** Wake the worker at this time to start items whose backoff is over. */
  wakeAt: (when: number) => void;
  /** A batch has nothing left to do (done or failed): write its manifest, tell the user; answers why there is no manifest. */
  onBatchFinished: (batch: Batch, items: QueueItem[]) => Promise<ManifestFailure | null>;
  /** Items wait for links (expired, or given only on demand): ask an open workbench page. */
  onLinksNeeded: () => void;
}

export function createQueueEngine(deps: EngineDeps) {
  const { db, downloads, now } = deps;
  // One operation at a time: two downloads finishing together must not both see their
  // batch finish, and a pump must not start what another pump is starting.
  let tail: Promise<unknown> = Promise.resolve();
  function exclusive<T>(op: () => Promise<T>): Promise<T> {
    const run = tail.then(op, op);
    tail = run.catch(() => {});
    return run;
  }

  // Every write goes through these, so what is kept in memory below is never stale:
  // the batches, what the popup shows of each, and which batches changed since the last pump.
  let batchList: Batch[] | null = null;
  let downloading: Map<string, QueueItem> | null = null;
  /** Per batch, what the popup needs of each item, kept up to date by every write once read. */
  const summaries = new Map<string, ItemTally>();
  /**
   * Items written while a batch's tally is read from the store: the store may not have them
   * yet, so what the read finds for them is older than what the tally already holds.
   */
  const tallyWrites = new Map<string, Set<number>>();
  const tallyReads = new Map<string, Promise<void>>();
  const touched = new Set<string>();
  /** Claims a dead worker left whose downloads are not listed yet (see CLAIM_GRACE_MS). */
  const inherited = new Set<string>();
  /**
   * Items this worker asked the browser to download and has no answer for yet. A worker woken
   * by an event may handle it, and start downloads, before its own recovery runs: those claims
   * are not a dead worker's, and their downloads must not be taken from under their answer.
   */
  const asking = new Set<string>();
  /**
   * The first path the browser gave each download of ours, noted as the event comes, before
   * it waits its turn: a small file's end may be settled before that event is.
   */
  const firstPaths = new Map<number, string>();
  /** Downloads of ours the browser finished whose items are not settled yet: their slots are free. */
  const finishing = new Set<number>();
  const writeItems = (items: QueueItem[]) => {
    for (const i of items) {
      summaries.get(i.batchId)?.set(i.order, summarize(i));
      tallyWrites.get(i.batchId)?.add(i.order);
      touched.add(i.batchId);
      if (i.state === 'downloading') downloading?.set(i.id, i);
      else downloading?.delete(i.id);
    }
    return putItems(db, items);
  };
  /** The items under way: a handful, asked for on every event and every popup poll. */
  const underWay = async (): Promise<QueueItem[]> => {
    downloading ??= new Map((await itemsInState(db, 'downloading')).map((i) => [i.id, i]));
    return [...downloading.values()];
  };
  /** The item under way with this browser download: read from memory, as a download's end is on the way to the next start. */
  const downloadingWith = async (downloadId: number): Promise<QueueItem | undefined> =>
    (await underWay()).find((i) => i.downloadId === downloadId);
  const writeBatch = async (batch: Batch) => {
    touched.add(batch.id);
    batchList = null;
    await putBatch(db, batch);
  };
  const writeNewBatch = async (batch: Batch, pending: PendingBatch) => {
    batchList = null;
    await saveNewBatch(db, batch, pending);
  };
  const batches = async (): Promise<Batch[]> => (batchList ??= await allBatches(db));
  const spread = async () => {
    for (const id of await spreadPending(db, pendingItems)) {
      summaries.delete(id);
      touched.add(id);
    }
  };

  /** The finished batch's manifest and notification; a failure of either is the batch's to show, never thrown. */
  const batchFinished = (batch: Batch, items: QueueItem[]): Promise<ManifestFailure | null> =>
    deps.onBatchFinished(batch, items).catch((error: unknown) => ({ reason: 'error', detail: String(error) }));

  /** Counts, not items: a batch of thousands is judged without reading them. */
  async function refreshBatch(batchId: string): Promise<void> {
    const batch = (await batches()).find((b) => b.id === batchId);
    if (!batch) return;
    const counts = await countInStates(db, batchId, ['queued', 'downloading', 'failed']);
    const state = batchStateFromCounts(batch, { open: counts.queued + counts.downloading, failed: counts.failed });
    if (state === batch.state) return;
    let next: Batch = { ...batch, state };
    // Told before it is saved: a worker dying in between tells again (the manifest is
    // overwritten, the notification replaced) rather than never.
    if (state === 'done' || state === 'failed') next = { ...next, noManifest: await batchFinished(next, await itemsOfBatch(db, batchId)) };
    await writeBatch(next);
  }

  /**
   * Claims the item, then asks the browser for the download without waiting for it: the
   * browser answers only once the server's headers are in, and the queue must not stand
   * still that long. The answer is recorded in an operation of its own.
   */
  async function startOne(item: QueueItem): Promise<void> {
    const url = recordingUrlOf(item.record);
    if (!url) return writeItems([{ ...item, state: 'skipped', skipReason: 'unsafe-url' }]);
    const claim = claimed(item, now());
    await writeItems([claim]);
    asking.add(claim.id);
    downloads
      .download({ url, filename: item.filename, conflictAction: 'uniquify', saveAs: false })
      .then(
        (id) => exclusive(() => onStarted(claim, id)),
        (error: unknown) => exclusive(() => onRefused(claim, error)),
      )
      .finally(() => asking.delete(claim.id))
      // The claim stays in the store: recovery finds the download, or starts it again.
      .catch((error: unknown) => console.warn('[tccc] recording a started download failed:', error));
  }

  /**
   * The claim as it is now in the store, if nothing (a pause, a cancel) has taken it back
   * meanwhile. Already holding this very download is still the claim.
   */
  async function stillClaimed(claim: QueueItem, downloadId: number | null = null): Promise<boolean> {
    const current = (await underWay()).find((i) => i.id === claim.id);
    return !!current && current.startedAt === claim.startedAt && (current.downloadId === null || current.downloadId === downloadId);
  }

  /**
   * Claims a dead worker left: a download listed since is theirs; one not listed within the
   * grace period never will be, and the item goes back into the queue. One whose batch was
   * paused or canceled meanwhile is queued again already: its download, when it shows, is
   * stopped like the others of the batch (or kept, if it finished).
   */
  async function lookForInherited(): Promise<number> {
    let graceEnds = Infinity;
    const items = await itemsById(db, [...inherited]);
    const stillThere = new Set(items.map((i) => i.id));
    for (const id of inherited) if (!stillThere.has(id)) inherited.delete(id);
    for (const item of items) {
      const stopped = item.state === 'queued' || item.skipReason === 'canceled';
      if (item.downloadId !== null || (item.state !== 'downloading' && !stopped)) {
        inherited.delete(item.id);
        continue;
      }
      const id = await findClaimedDownload(item);
      if (id !== null) {
        inherited.delete(item.id);
        if (!stopped) {
          await writeItems([{ ...item, downloadId: id }]);
          await settle(id, true);
          continue;
        }
        const found = await browserState(id);
        if (found?.state === 'complete') await finished({ ...item, state: 'downloading', downloadId: id }, id, found);
        else await discard(id, found);
      } else if (now() >= item.startedAt + CLAIM_GRACE_MS) {
        inherited.delete(item.id);
        if (!stopped) await writeItems([reconcile(item, undefined, now())]);
      } else graceEnds = Math.min(graceEnds, item.startedAt + CLAIM_GRACE_MS);
    }
    return graceEnds;
  }

  async function onStarted(claim: QueueItem, id: number): Promise<void> {
    if (!(await stillClaimed(claim, id))) {
      // Paused or canceled while the browser was starting it: it must not land.
      await downloads.cancel(id).catch(() => {});
      await downloads.erase({ id }).catch(() => {});
      return;
    }
    await writeItems([started(claim, id)]);
    // A small file can finish before we knew its id: look once, so its event is not lost.
    if (await settle(id)) await pumpOnce();
  }

  async function onRefused(claim: QueueItem, error: unknown): Promise<void> {
    if (!(await stillClaimed(claim))) return;
    // Asked as the browser closes ("The browser is shutting down."): nothing wrong with the item.
    const reason = /shutting down/i.test(String(error)) ? 'USER_SHUTDOWN' : 'FILE_FAILED';
    await writeItems([{ ...interrupted(claim, reason, now()), lastError: String(error) }]);
    await pumpOnce();
  }

  async function settle(downloadId: number, recovering = false, seen?: BrowserDownload): Promise<boolean> {
    const item = await downloadingWith(downloadId);
    if (!item) return false;
    const found = seen ?? (await browserState(downloadId));
    if (found?.state === 'in_progress') return false;
    const next = found?.state === 'complete' ? await finished(item, downloadId, found) : reconcile(item, found, now(), recovering);
    if (found?.state !== 'complete') {
      await writeItems([next]);
      // Retried as a fresh download: Chrome must not resume this one on its own, which
      // can land at the folder's root under the server's name.
      if (found?.state === 'interrupted') await discard(downloadId, found);
    }
    if (next.needsLink) {
      await writeItems(alsoExpired(next, await itemsInState(db, 'queued')));
      deps.onLinksNeeded();
    }
    // A full disk, or a save dialog, meets every file alike: the batch waits, with one reason, for the user.
    if (pausesBatch(next.lastError)) await changeBatchState(next.batchId, 'paused');
    return true;
  }

  /**
   * The user paused one of our downloads in the browser's own list: it would hold a slot for
   * as long as it stays paused. It is stopped, and the item says why (retry-failed brings it back).
   */
  async function pausedByUser(downloadId: number): Promise<boolean> {
    const item = await downloadingWith(downloadId);
    if (!item) return false;
    await writeItems([interrupted(item, USER_PAUSED, now())]);
    await discard(downloadId, await browserState(downloadId));
    return true;
  }

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
    if (found?.state === 'complete') await downloads.removeFile(downloadId).catch(() => {});
    else await downloads.cancel(downloadId).catch(() => {});
    await downloads.erase({ id: downloadId }).catch(() => {});
  }

  /**
   * The browser gave one of our downloads a path other than the one asked. Named so before
   * any byte came (no previous path): another extension's `onDeterminingFilename`, which
   * fetching again would repeat; the item says so when it ends. Moved after it had our name:
   * the browser resumed a dropped connection by itself, under the server's name at the
   * folder's root; it is stopped now and fetched again, fresh.
   */
  async function moved(downloadId: number, path: string, previous: string): Promise<boolean> {
    const item = await downloadingWith(downloadId);
    if (!item || savedInAskedPlace(path, item.filename)) return false;
    if (!previous) {
      if (item.lastError !== RENAMED_BY_EXTENSION) await writeItems([{ ...item, lastError: RENAMED_BY_EXTENSION }]);
      return false;
    }
    // Requeued before the cancel, so its interrupt event finds nothing of ours.
    await writeItems([interrupted(item, SAVED_ELSEWHERE, now())]);
    await discard(downloadId, await browserState(downloadId));
    return true;
  }

  /** Pause, resume or cancel a batch: what is under way stops and starts again from scratch on resume. */
  async function changeBatchState(batchId: string, state: 'running' | 'paused' | 'canceled'): Promise<void> {
    const batch = (await batches()).find((b) => b.id === batchId);
    // A finished batch stays finished: a pause clicked just as it ended must not reopen it.
    if (!batch || (batch.state !== 'running' && batch.state !== 'paused')) return;
    if (state !== 'running') {
      // Stop what is under way; those items start again from scratch on resume.
      // The items are requeued before the cancel, so its interrupt event finds nothing of ours.
      const going = await batchItemsInState(db, batchId, 'downloading');
      await writeItems(going.map((i) => ({ ...i, state: 'queued' as const, downloadId: null, attempts: Math.max(0, i.attempts - 1) })));
      for (const i of going) {
        if (i.downloadId === null) continue;
        await downloads.cancel(i.downloadId).catch(() => {});
        // Too late to cancel: it finished meanwhile, and is done rather than fetched again.
        const found = await browserState(i.downloadId);
        if (found?.state === 'complete') await finished({ ...i, state: 'downloading' }, i.downloadId, found);
        else await discard(i.downloadId, found);
      }
    }
    // A canceled batch keeps no items queued: they would be read by every scan of the queue for ever.
    if (state === 'canceled') await writeItems((await batchItemsInState(db, batchId, 'queued')).map(canceled));
    await writeBatch({ ...batch, state });
    if (state === 'running') await refreshBatch(batchId);
  }

  /** The download a claimed item started before the worker died, if the browser has it. */
  async function findClaimedDownload(item: QueueItem): Promise<number | null> {
    const url = recordingUrlOf(item.record);
    if (!url) return null;
    const found = await downloads.search({ url, startedAfter: new Date(item.startedAt - 2000).toISOString() });
    // The newest that no other item owns: another batch may have downloaded the same link
    // (forced), and the browser promises no order.
    let best: number | null = null;
    for (const d of found) if ((best === null || d.id > best) && !(await itemByDownloadId(db, d.id))) best = d.id;
    return best;
  }

  /**
   * Starts as many queued items as the concurrency allows, oldest batch first, reading each
   * batch's queue a chunk at a time, so thousands waiting cost no more than a few.
   */
  async function pumpOnce(askForLinks = true, judge = true): Promise<void> {
    // The end of a grace period is a time to wake at too: one alarm serves every wait.
    let wake = inherited.size ? await lookForInherited() : Infinity;
    const running = (await batches()).filter((b) => b.state === 'running');
    const concurrency = await deps.concurrency();
    let free = concurrency - (await underWay()).filter((i) => i.downloadId === null || !finishing.has(i.downloadId)).length;
    let waitingForLinks = 0;
    /** Items that could start now but found no free slot: the downloads' reserve. */
    let ready = 0;
    const reserve = concurrency * READY_RESERVE_PER_SLOT;
    for (const batch of running) {
      for (let after = -Infinity, waiting = 0; (free > 0 || ready < reserve) && waiting < SCAN_WAITING_LIMIT; ) {
        const chunk = await batchItemsInState(db, batch.id, 'queued', SCAN_CHUNK, after);
        if (!chunk.length) break;
        after = chunk[chunk.length - 1]!.order;
        let startable = 0;
        for (const i of chunk) {
          if (i.needsLink) waiting++;
          if (i.notBefore > now()) wake = Math.min(wake, i.notBefore);
          else if (i.needsLink) waitingForLinks++;
          else startable++;
        }
        // A claim a dead worker left, queued again by a pause, is not started while its download may still show.
        const next = pickNext(inherited.size ? chunk.filter((i) => !inherited.has(i.id)) : chunk, [batch], free, now());
        for (const item of next) await startOne(item);
        free -= next.length;
        ready += startable - next.length;
      }
    }
    if (wake < Infinity) deps.wakeAt(wake);
    // Items wait for links and the reserve runs low: the page is asked for the next ones
    // before the slots run dry. Not after the page's own answer, which would ask again at
    // once for what it could not give.
    if (askForLinks && waitingForLinks > 0 && ready < reserve) deps.onLinksNeeded();
    if (!judge) return;
    // Only batches something happened to can have finished.
    const changed = [...touched];
    touched.clear();
    for (const id of changed) await refreshBatch(id);
  }

  async function browserState(downloadId: number): Promise<BrowserDownload> {
    const [found] = await downloads.search({ id: downloadId });
    if (!found) return undefined;
    if (found.state === 'complete')
      return { state: 'complete', path: found.filename ?? '', bytes: found.bytesReceived ?? 0, mime: found.mime };
    if (found.state === 'interrupted') return { state: 'interrupted', error: found.error ?? 'UNKNOWN', path: found.filename };
    return { state: 'in_progress' };
  }

  return {
    /** `calls`: the same records as they came, in wire text, saved as they are. */
    enqueue: (
      records: CallRecord[],
      force = false,
      calls: WireCalls = asWireCalls(records),
    ): Promise<{ batch: Batch; queued: number; skipped: number; downloadedBefore: string[] }> =>
      exclusive(async () => {
        const at = now();
        const label = batchLabel(
          Math.floor(at / 1000),
          (await batches()).map((b) => b.label),
        );
        const naming = { ...(await deps.naming()), batchLabel: label };
        // Named as they are filed, after the acknowledgement: naming 50,000 files takes seconds.
        const plan = planEnqueue(records, {
          batchId: randomId(at),
          label,
          now: at,
          known: await knownSessionIds(db),
          force,
          nameFor: () => '',
        });
        await writeNewBatch(plan.batch, pendingBatch(plan, calls, force, naming));
        // Nothing to download: finished at once, its manifest beside where the files would have gone.
        if (plan.batch.state === 'done')
          await writeBatch({ ...plan.batch, noManifest: await batchFinished(plan.batch, namedItems(plan.items, naming)) });
        // Saved is acknowledged: the items are filed and the downloads start right after, not before the answer.
        void exclusive(async () => {
          await spread();
          await pumpOnce();
        }).catch((error: unknown) => console.warn('[tccc] filing a new batch failed; the next start files it:', error));
        const queued = plan.items.filter((i) => i.state === 'queued').length;
        const downloadedBefore = plan.items.filter((i) => i.skipReason === 'duplicate').map((i) => i.sessionId);
        return { batch: plan.batch, queued, skipped: plan.items.length - queued, downloadedBefore };
      }),

    /** A download of ours ended or was given a path: record it and start the next. */
    onDownloadChanged: (downloadId: number, delta: DownloadDelta = { state: { current: 'complete' } }): Promise<void> => {
      if (delta.filename?.current && !delta.filename.previous) firstPaths.set(downloadId, delta.filename.current);
      return exclusive(async () => {
        const path = delta.filename?.current;
        if (path && (await moved(downloadId, path, delta.filename?.previous ?? ''))) return pumpOnce();
        if (delta.paused?.current && (await pausedByUser(downloadId))) return pumpOnce();
        if (!delta.state?.current || delta.state.current === 'in_progress') return;
        // A download of ours that finished frees its slot at once: the next starts before this one
        // is checked and filed (the batch is judged after). Only a finished one: an interrupted
        // one may be resumed by the browser before it is stopped.
        const found = (await downloadingWith(downloadId)) ? await browserState(downloadId) : undefined;
        if (found?.state === 'complete') {
          finishing.add(downloadId);
          try {
            await pumpOnce(true, false);
          } finally {
            finishing.delete(downloadId);
          }
        }
        // A download no item knows may be one a dead worker asked for: the pump looks.
        if ((await settle(downloadId, false, found)) || inherited.size) await pumpOnce();
      });
    },

    /**
     * After a worker or browser start: settle every item that was downloading, then go on.
     * `browserRestarted`: the browser closed since the last worker ran, and the requests it
     * had not listed went down with it; their items need not wait out the grace period.
     */
    recover: (browserRestarted = false): Promise<void> =>
      exclusive(async () => {
        downloading = null;
        await spread();
        // A worker may have died after saving a batch's last item and before judging the batch.
        for (const b of await batches()) if (b.state === 'running') touched.add(b.id);
        inherited.clear();
        for (const item of await itemsInState(db, 'downloading')) {
          // Asked for by this worker itself, before this recovery ran: its answer will come.
          if (asking.has(item.id)) continue;
          const id = item.downloadId ?? (await findClaimedDownload(item));
          if (id === null && !browserRestarted && now() < item.startedAt + CLAIM_GRACE_MS) {
            // Its download may not be listed yet: it keeps its slot for a while.
            inherited.add(item.id);
            deps.wakeAt(item.startedAt + CLAIM_GRACE_MS);
            continue;
          }
          if (id === null) {
            await writeItems([reconcile(item, undefined, now())]);
            continue;
          }
          if (item.downloadId === null) await writeItems([{ ...item, downloadId: id }]);
          await settle(id, true);
        }
        await pumpOnce();
      }),

    pump: (): Promise<void> => exclusive(pumpOnce),

    /** Which calls a workbench page should find fresh links for: with `tabApp`, only those a tab of that app may serve (link-trust.ts). */
    async linksWanted(tabApp?: string | null): Promise<LinksWanted> {
      // Read in queue order, a chunk at a time, only as far as a page is asked about at once:
      // on a page that gives links on demand this is asked every few downloads. Running
      // batches first: theirs are the links wanted now.
      const all = [...(await batches())].sort((a, b) => a.createdAt - b.createdAt);
      const live = [...all.filter((b) => b.state === 'running'), ...all.filter((b) => b.state === 'paused')];
      const want = { wanted: [] as string[], welcome: [] as string[] };
      let read = 0;
      for (const batch of live) {
        for (let after = -Infinity; want.wanted.length < LINKS_LISTED && read < LINKS_READ; ) {
          const chunk = await batchItemsInState(db, batch.id, 'queued', SCAN_CHUNK, after);
          if (!chunk.length) break;
          after = chunk[chunk.length - 1]!.order;
          read += chunk.length;
          const part = linksWanted(tabApp === undefined ? chunk : chunk.filter((i) => servesCall(tabApp, i.record)), [batch], now());
          want.wanted.push(...part.wanted);
          want.welcome.push(...part.welcome);
        }
      }
      return {
        wanted: want.wanted.slice(0, LINKS_LISTED),
        welcome: want.welcome.slice(0, LINKS_LISTED),
        ahead: (await deps.concurrency()) * LINKS_AHEAD_PER_SLOT,
      };
    },

    /**
     * The page's answer: fresh links start expired and waiting items, calls it could give
     * none for wait, fail or are asked again later with the reason.
     */
    applyFreshLinks: (
      links: ReadonlyMap<string, string>,
      unavailable: ReadonlyMap<string, LinkUnavailableReason> = new Map(),
      tabApp?: string | null,
    ): Promise<number> =>
      exclusive(async () => {
        // Only the items of the calls answered: on-demand pages answer every few downloads.
        // With `tabApp`, only those its tab may serve: another app's calls keep their links.
        const live = (await batches()).filter((b) => b.state === 'running' || b.state === 'paused');
        const ids = [...new Set([...links.keys(), ...unavailable.keys()])];
        const queued = (
          await itemsById(
            db,
            live.flatMap((b) => ids.map((id) => `${b.id}:${id}`)),
          )
        ).filter((i) => i.state === 'queued' && (tabApp === undefined || servesCall(tabApp, i.record)));
        const fresh = applyFreshLinks(queued, links, now());
        const freshIds = new Set(fresh.map((i) => i.id));
        const running = new Set(live.filter((b) => b.state === 'running').map((b) => b.id));
        const notGiven = linksNotGiven(
          queued.filter((i) => !freshIds.has(i.id)),
          links,
          unavailable,
          running,
          now(),
        );
        await writeItems([...fresh, ...notGiven]);
        // An answer that moved the queue on (links came for calls that waited, calls failed for
        // good) lets the next calls be asked about. One that only says "wait" (for a click, for a
        // retry), or only swapped links of calls that did not wait (a page signs them anew on
        // each read), must not: the same calls would be asked about again at once.
        const waited = new Set(queued.filter((i) => i.needsLink).map((i) => i.id));
        await pumpOnce(fresh.some((i) => waited.has(i.id)) || notGiven.some((i) => i.state === 'failed'));
        return fresh.length;
      }),

    /** Every batch as the popup shows it, newest first, with the bytes received so far of downloads under way. */
    async overview(liveBytes: ReadonlyMap<number, number>): Promise<BatchView[]> {
      const live = new Map<string, number>();
      for (const i of await underWay()) {
        if (i.downloadId !== null) live.set(i.batchId, (live.get(i.batchId) ?? 0) + (liveBytes.get(i.downloadId) ?? 0));
      }
      const out: BatchView[] = [];
      for (const batch of [...(await batches())].reverse()) {
        // A tally another call is still reading is waited for, never shown half read.
        await tallyReads.get(batch.id);
        let tally = summaries.get(batch.id);
        if (!tally) {
          // Read a chunk at a time: a batch of 50,000 is never in memory whole.
          const fresh = new ItemTally(batch.total);
          // Kept up to date by writes from the start, not only once read whole.
          const written = new Set<number>();
          summaries.set(batch.id, fresh);
          tallyWrites.set(batch.id, written);
          const read = (async () => {
            for (const state of ['queued', 'downloading', 'done', 'failed', 'skipped'] as const) {
              for (let after = -Infinity; ; ) {
                const chunk = await batchItemsInState(db, batch.id, state, TALLY_CHUNK, after);
                for (const i of chunk) if (!written.has(i.order)) fresh.set(i.order, summarize(i));
                if (chunk.length < TALLY_CHUNK) break;
                after = chunk[chunk.length - 1]!.order;
              }
            }
          })();
          tallyReads.set(
            batch.id,
            read.catch(() => {}),
          );
          try {
            await read;
          } catch (error) {
            summaries.delete(batch.id);
            throw error;
          } finally {
            tallyWrites.delete(batch.id);
            tallyReads.delete(batch.id);
          }
          tally = fresh;
        }
        out.push(withLiveBytes(batchView(batch, tally), live.get(batch.id) ?? 0));
      }
      return out;
    },

    /** A download of the batch that is on disk, to show its folder. */
    async savedDownload(batchId: string): Promise<number | null> {
      const done = (await itemsOfBatch(db, batchId)).filter((i) => i.state === 'done' && i.downloadId !== null);
      return done.length ? done[done.length - 1]!.downloadId : null;
    },

    /** Recordings still to download in running batches, for the toolbar badge. */
    async remaining(): Promise<number> {
      let left = 0;
      for (const b of (await batches()).filter((batch) => batch.state === 'running')) {
        const counts = await countInStates(db, b.id, ['queued', 'downloading']);
        left += counts.queued + counts.downloading;
      }
      return left;
    },

    setBatchState: (batchId: string, state: 'running' | 'paused' | 'canceled'): Promise<void> =>
      exclusive(async () => {
        await changeBatchState(batchId, state);
        await pumpOnce();
      }),

    /**
     * Forgets finished batches and their items: those past the keeping rules (see
     * retention.ts), or, when the user clears the history, every finished one.
     */
    forgetFinished: (all = false): Promise<number> =>
      exclusive(async () => {
        const list = await batches();
        const ids = all ? list.filter(isFinished).map((b) => b.id) : batchesToForget(list, now());
        await deleteBatches(db, ids);
        for (const id of ids) summaries.delete(id);
        batchList = null;
        return ids.length;
      }),

    retryFailed: (batchId: string): Promise<void> =>
      exclusive(async () => {
        await writeItems(retryFailed(await itemsOfBatch(db, batchId)).filter((i) => i.state === 'queued' && i.attempts === 0));
        const batch = (await batches()).find((b) => b.id === batchId);
        if (batch && batch.state === 'failed') await writeBatch({ ...batch, state: 'running' });
        await pumpOnce();
      }),
  };
}

export type QueueEngine = ReturnType<typeof createQueueEngine>;
