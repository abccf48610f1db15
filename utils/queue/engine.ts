/**
 * Wires the queue's pure state changes to the store and the browser's download
 * manager. Holds no state of its own: every call reads IndexedDB, so a worker that
 * was stopped and woken by an event carries on where the last one left off.
 */
import type { CallRecord } from '../record';
import { safeRecordingUrl } from '../origins';
import { compactDateTime } from '../compact-date-time';
import { renderRecordPath } from '../name-template';
import { allBatches, itemByDownloadId, itemsInState, itemsOfBatch, knownSessionIds, putBatch, putItems, saveNewBatch, type QueueDb } from './store';
import { alsoExpired, applyFreshLinks, claimed, deriveBatchState, interrupted, linksWanted, pickNext, planEnqueue, reconcile, retryFailed, started, type BrowserDownload } from './transitions';
import type { Batch, QueueItem } from './types';

export interface DownloadsApi {
  download(options: { url: string; filename: string; conflictAction: 'uniquify'; saveAs: false }): Promise<number>;
  search(query: { id?: number; url?: string; startedAfter?: string }): Promise<{ id: number; state?: string; filename?: string; bytesReceived?: number; error?: string }[]>;
  cancel(id: number): Promise<void>;
  erase(query: { id: number }): Promise<unknown>;
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
  /** A batch has nothing left to do (done or failed): write its manifest, tell the user. */
  onBatchFinished: (batch: Batch, items: QueueItem[]) => Promise<void>;
  /** Some links expired: ask an open workbench page for fresh ones. */
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

  async function refreshBatch(batchId: string): Promise<void> {
    const batch = (await allBatches(db)).find((b) => b.id === batchId);
    if (!batch) return;
    const items = await itemsOfBatch(db, batchId);
    const state = deriveBatchState(batch, items);
    if (state === batch.state) return;
    const next = { ...batch, state };
    await putBatch(db, next);
    if (state === 'done' || state === 'failed') await deps.onBatchFinished(next, items).catch(() => {});
  }

  async function startOne(item: QueueItem): Promise<void> {
    const url = safeRecordingUrl(item.record.recordUrl) ?? safeRecordingUrl(item.record.customRecordUrl);
    if (!url) return putItems(db, [{ ...item, state: 'skipped', skipReason: 'unsafe-url' }]);
    const claim = claimed(item, now());
    await putItems(db, [claim]);
    let id: number;
    try {
      id = await downloads.download({ url, filename: item.filename, conflictAction: 'uniquify', saveAs: false });
    } catch (error) {
      await putItems(db, [{ ...interrupted(claim, 'FILE_FAILED', now()), lastError: String(error) }]);
      return;
    }
    await putItems(db, [started(claim, id)]);
    // A small file can finish before we knew its id: look once, so its event is not lost.
    await settle(id);
  }

  async function settle(downloadId: number, recovering = false): Promise<boolean> {
    const item = await itemByDownloadId(db, downloadId);
    if (!item || item.state !== 'downloading') return false;
    const found = await browserState(downloadId);
    if (found?.state === 'in_progress') return false;
    if (found?.state === 'interrupted') {
      // Retried as a fresh download: Chrome must not resume this one on its own, which
      // can land at the folder's root under the server's name.
      await downloads.cancel(downloadId).catch(() => {});
      await downloads.erase({ id: downloadId }).catch(() => {});
    }
    const next = reconcile(item, found, now(), recovering);
    await putItems(db, [next]);
    if (next.needsLink) {
      await putItems(db, alsoExpired(next, await itemsInState(db, 'queued')));
      deps.onLinksNeeded();
    }
    await refreshBatch(item.batchId);
    return true;
  }

  /** The download a claimed item started before the worker died, if the browser has it. */
  async function findClaimedDownload(item: QueueItem): Promise<number | null> {
    const url = safeRecordingUrl(item.record.recordUrl) ?? safeRecordingUrl(item.record.customRecordUrl);
    if (!url) return null;
    const found = await downloads.search({ url, startedAfter: new Date(item.startedAt - 2000).toISOString() });
    return found.length ? found[found.length - 1]!.id : null;
  }

  /** Starts as many queued items as the concurrency allows. */
  async function pumpOnce(): Promise<void> {
    const batches = await allBatches(db);
    const [queued, downloading] = await Promise.all([itemsInState(db, 'queued'), itemsInState(db, 'downloading')]);
    const next = pickNext([...queued, ...downloading], batches, await deps.concurrency(), now());
    for (const item of next) await startOne(item);
    const waiting = queued.filter((i) => i.notBefore > now() && !i.needsLink);
    if (waiting.length) deps.wakeAt(Math.min(...waiting.map((i) => i.notBefore)));
    for (const b of batches.filter((b) => b.state === 'running')) await refreshBatch(b.id);
  }


  async function browserState(downloadId: number): Promise<BrowserDownload> {
    const [found] = await downloads.search({ id: downloadId });
    if (!found) return undefined;
    if (found.state === 'complete') return { state: 'complete', path: found.filename ?? '', bytes: found.bytesReceived ?? 0 };
    if (found.state === 'interrupted') return { state: 'interrupted', error: found.error ?? 'UNKNOWN' };
    return { state: 'in_progress' };
  }

  return {
    enqueue: (records: CallRecord[], force = false): Promise<{ batch: Batch; queued: number; skipped: number }> =>
      exclusive(async () => {
        const at = now();
        const label = compactDateTime(Math.floor(at / 1000));
        const { template, root, maskPhones } = await deps.naming();
        const plan = planEnqueue(records, {
          batchId: `${at.toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
          label,
          now: at,
          known: await knownSessionIds(db),
          force,
          nameFor: (r) => renderRecordPath(template, r, { batchLabel: label, root, maskPhones }),
        });
        await saveNewBatch(db, plan.batch, plan.items);
        if (plan.batch.state === 'done') await deps.onBatchFinished(plan.batch, plan.items).catch(() => {});
        await pumpOnce();
        const queued = plan.items.filter((i) => i.state === 'queued').length;
        return { batch: plan.batch, queued, skipped: plan.items.length - queued };
      }),

    /** A download of ours changed state: record it and start the next. */
    onDownloadChanged: (downloadId: number): Promise<void> =>
      exclusive(async () => {
        if (await settle(downloadId)) await pumpOnce();
      }),

    /** After a worker or browser start: settle every item that was downloading, then go on. */
    recover: (): Promise<void> =>
      exclusive(async () => {
        for (const item of await itemsInState(db, 'downloading')) {
          const id = item.downloadId ?? (await findClaimedDownload(item));
          if (id === null) {
            await putItems(db, [reconcile(item, undefined, now())]);
            continue;
          }
          if (item.downloadId === null) await putItems(db, [{ ...item, downloadId: id }]);
          await settle(id, true);
        }
        await pumpOnce();
      }),

    pump: (): Promise<void> => exclusive(pumpOnce),

    /** Which calls a workbench page should find fresh links for. */
    async linksWanted(): Promise<{ wanted: string[]; welcome: string[] }> {
      return linksWanted(await itemsInState(db, 'queued'), await allBatches(db));
    },

    /** Fresh links from the page: expired items start again, waiting ones will not expire. */
    applyFreshLinks: (links: ReadonlyMap<string, string>): Promise<number> =>
      exclusive(async () => {
        const updated = applyFreshLinks(await itemsInState(db, 'queued'), links, now());
        await putItems(db, updated);
        await pumpOnce();
        return updated.length;
      }),

    /** Every batch with its items, newest first, for the popup. */
    async overview(): Promise<{ batch: Batch; items: QueueItem[] }[]> {
      const batches = await allBatches(db);
      return Promise.all(batches.reverse().map(async (batch) => ({ batch, items: await itemsOfBatch(db, batch.id) })));
    },

    /** A download of the batch that is on disk, to show its folder. */
    async savedDownload(batchId: string): Promise<number | null> {
      const done = (await itemsOfBatch(db, batchId)).filter((i) => i.state === 'done' && i.downloadId !== null);
      return done.length ? done[done.length - 1]!.downloadId : null;
    },

    async remaining(): Promise<number> {
      const [q, d] = await Promise.all([itemsInState(db, 'queued'), itemsInState(db, 'downloading')]);
      const running = new Set((await allBatches(db)).filter((b) => b.state === 'running').map((b) => b.id));
      return [...q, ...d].filter((i) => running.has(i.batchId)).length;
    },

    setBatchState: (batchId: string, state: 'running' | 'paused' | 'canceled'): Promise<void> =>
      exclusive(async () => {
        const batch = (await allBatches(db)).find((b) => b.id === batchId);
        if (!batch || batch.state === 'canceled') return;
        if (state !== 'running') {
          // Stop what is under way; those items start again from scratch on resume.
          // The items are requeued before the cancel, so its interrupt event finds nothing of ours.
          const going = (await itemsOfBatch(db, batchId)).filter((i) => i.state === 'downloading');
          await putItems(db, going.map((i) => ({ ...i, state: 'queued' as const, downloadId: null, attempts: Math.max(0, i.attempts - 1) })));
          for (const i of going) if (i.downloadId !== null) await downloads.cancel(i.downloadId).catch(() => {});
        }
        await putBatch(db, { ...batch, state });
        if (state === 'running') await refreshBatch(batchId);
        await pumpOnce();
      }),

    retryFailed: (batchId: string): Promise<void> =>
      exclusive(async () => {
        await putItems(db, retryFailed(await itemsOfBatch(db, batchId)).filter((i) => i.state === 'queued' && i.attempts === 0));
        const batch = (await allBatches(db)).find((b) => b.id === batchId);
        if (batch && batch.state === 'failed') await putBatch(db, { ...batch, state: 'running' });
        await pumpOnce();
      }),
  };
}

export type QueueEngine = ReturnType<typeof createQueueEngine>;
