/**
 * Wires the queue's parts to the browser's events and the popup's controls, one operation at
 * a time: the ledger (the store and what is kept of it in memory), the pump, what a download's
 * news does to its item, recovery of a dead worker's claims, links on demand; here, judging
 * a batch and its pause, resume and cancel. The queue's state is in IndexedDB: what is in
 * memory is a copy kept by every write, or this worker's own requests in flight, so a worker
 * stopped and woken by an event carries on where the last one left off.
 */
import type { CallRecord } from '../record/record';
import { batchLabel } from '../naming/name-template';
import { randomId } from '../helpers/random-id';
import { batchItemsInState, countInStates, itemsOfBatch, knownSessionIds, type QueueDb } from './store';
import { asWireCalls, namedItems, pendingBatch, type WireCalls } from './pending';
import { batchStateFromCounts, canceled, planEnqueue, retryFailed } from './transitions';
import { batchView, withLiveBytes } from './view';
import { createLedger } from './ledger';
import { batchesToForget, isFinished } from './retention';
import type { BatchView, LinksWanted, LinkUnavailableReason } from '../extension/messages';
import type { Batch, ManifestFailure, QueueItem } from './types';
import { browserDownloads, type DownloadDelta, type DownloadsApi } from './browser-downloads';
import { createLinksOnDemand } from './links-on-demand';
import { createRecovery } from './recovery';
import { createPump } from './pump';
import { createDownloadOutcomes } from './download-outcomes';

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
  const { db, now } = deps;
  const downloads = browserDownloads(deps.downloads);
  // One operation at a time: two downloads finishing together must not both see their
  // batch finish, and a pump must not start what another pump is starting.
  let tail: Promise<unknown> = Promise.resolve();
  function exclusive<T>(op: () => Promise<T>): Promise<T> {
    const run = tail.then(op, op);
    tail = run.catch(() => {});
    return run;
  }

  const ledger = createLedger(db);
  const { batches, underWay, downloadingWith, writeItems, writeBatch } = ledger;
  /** Items this worker asked the browser to download and has no answer for yet (see recovery.ts). */
  const asking = new Set<string>();
  const outcomes = createDownloadOutcomes({
    db,
    downloads,
    now,
    downloadingWith,
    writeItems,
    onLinksNeeded: deps.onLinksNeeded,
    pauseBatch: (batchId) => changeBatchState(batchId, 'paused'),
  });
  const { settleDownload, finished, discard } = outcomes;

  const recovery = createRecovery({
    db,
    downloads,
    now,
    wakeAt: deps.wakeAt,
    writeItems,
    asking,
    settleAfterRestart: (downloadId) => settleDownload(downloadId, { afterRestart: true }),
    finished,
    discard,
  });

  const { pump: pumpOnce, pumpFreeing } = createPump({
    db,
    downloads,
    now,
    concurrency: deps.concurrency,
    wakeAt: deps.wakeAt,
    onLinksNeeded: deps.onLinksNeeded,
    batches,
    underWay,
    writeItems,
    exclusive,
    asking,
    recovery,
    settleDownload: (downloadId) => settleDownload(downloadId),
    judgeTouched,
  });
  const links = createLinksOnDemand({
    db,
    now,
    batches,
    concurrency: deps.concurrency,
    writeItems,
    pump: (askForLinks) => pumpOnce(askForLinks),
  });

  /** The finished batch's manifest and notification; a failure of either is the batch's to show, never thrown. */
  const batchFinished = (batch: Batch, items: QueueItem[]): Promise<ManifestFailure | null> =>
    deps.onBatchFinished(batch, items).catch((error: unknown) => ({ reason: 'error', detail: String(error) }));

  /** Only batches something happened to can have finished. */
  async function judgeTouched(): Promise<void> {
    for (const id of ledger.takeTouched()) await refreshBatch(id);
  }

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
        await downloads.stop(i.downloadId);
        // Too late to cancel: it finished meanwhile, and is done rather than fetched again.
        const found = await downloads.state(i.downloadId);
        if (found?.state === 'complete') await finished({ ...i, state: 'downloading' }, i.downloadId, found);
        else await discard(i.downloadId, found);
      }
    }
    // A canceled batch keeps no items queued: they would be read by every scan of the queue for ever.
    if (state === 'canceled') await writeItems((await batchItemsInState(db, batchId, 'queued')).map(canceled));
    await writeBatch({ ...batch, state });
    if (state === 'running') await refreshBatch(batchId);
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
        await ledger.writeNewBatch(plan.batch, pendingBatch(plan, calls, force, naming));
        // Nothing to download: finished at once, its manifest beside where the files would have gone.
        if (plan.batch.state === 'done')
          await writeBatch({ ...plan.batch, noManifest: await batchFinished(plan.batch, namedItems(plan.items, naming)) });
        // Saved is acknowledged: the items are filed and the downloads start right after, not before the answer.
        void exclusive(async () => {
          await ledger.spread();
          await pumpOnce();
        }).catch((error: unknown) => console.warn('[tccc] filing a new batch failed; the next start files it:', error));
        const queued = plan.items.filter((i) => i.state === 'queued').length;
        const downloadedBefore = plan.items.filter((i) => i.skipReason === 'duplicate').map((i) => i.sessionId);
        return { batch: plan.batch, queued, skipped: plan.items.length - queued, downloadedBefore };
      }),

    /** A download of ours ended or was given a path: record it and start the next. */
    onDownloadChanged: (downloadId: number, delta: DownloadDelta = { state: { current: 'complete' } }): Promise<void> => {
      if (delta.filename?.current && !delta.filename.previous) outcomes.noteFirstPath(downloadId, delta.filename.current);
      return exclusive(async () => {
        const path = delta.filename?.current;
        if (path && (await outcomes.moved(downloadId, path, delta.filename?.previous ?? ''))) return pumpOnce();
        if (delta.paused?.current && (await outcomes.pausedByUser(downloadId))) return pumpOnce();
        if (!delta.state?.current || delta.state.current === 'in_progress') return;
        // A download of ours that finished frees its slot at once: the next starts before this one
        // is checked and filed (the batch is judged after). Only a finished one: an interrupted
        // one may be resumed by the browser before it is stopped.
        const found = (await downloadingWith(downloadId)) ? await downloads.state(downloadId) : undefined;
        if (found?.state === 'complete') await pumpFreeing(downloadId);
        // A download no item knows may be one a dead worker asked for: the pump looks.
        if ((await settleDownload(downloadId, { seen: found })) || recovery.waiting()) await pumpOnce();
      });
    },

    /**
     * After a worker or browser start: settle every item that was downloading, then go on.
     * `browserRestarted`: the browser closed since the last worker ran, and the requests it
     * had not listed went down with it; their items need not wait out the grace period.
     */
    recover: (browserRestarted = false): Promise<void> =>
      exclusive(async () => {
        ledger.forgetUnderWay();
        await ledger.spread();
        // A worker may have died after saving a batch's last item and before judging the batch.
        for (const b of await batches()) if (b.state === 'running') ledger.touch(b.id);
        await recovery.recoverClaims(browserRestarted);
        await pumpOnce();
      }),

    pump: (): Promise<void> => exclusive(pumpOnce),

    /** Which calls a workbench page should find fresh links for (see links-on-demand.ts). */
    linksWanted: (tabApp?: string | null): Promise<LinksWanted> => links.wanted(tabApp),

    /** The page's answer to `linksWanted` (see links-on-demand.ts). */
    applyFreshLinks: (
      fresh: ReadonlyMap<string, string>,
      unavailable: ReadonlyMap<string, LinkUnavailableReason> = new Map(),
      tabApp?: string | null,
    ): Promise<number> => exclusive(() => links.apply(fresh, unavailable, tabApp)),

    /** Every batch as the popup shows it, newest first, with the bytes received so far of downloads under way. */
    async overview(liveBytes: ReadonlyMap<number, number>): Promise<BatchView[]> {
      const live = new Map<string, number>();
      for (const i of await underWay()) {
        if (i.downloadId !== null) live.set(i.batchId, (live.get(i.batchId) ?? 0) + (liveBytes.get(i.downloadId) ?? 0));
      }
      const out: BatchView[] = [];
      for (const batch of [...(await batches())].reverse()) {
        out.push(withLiveBytes(batchView(batch, await ledger.summaries.of(batch)), live.get(batch.id) ?? 0));
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
        await ledger.deleteBatches(ids);
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
