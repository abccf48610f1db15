/**
 * The store as the engine reads and writes it, with what it keeps in memory: the batches,
 * the items under way, what the popup shows of each batch, and which batches changed since
 * they were last judged. Every write goes through here, so what is kept is never stale.
 */
import { pendingItems, type PendingBatch } from './pending';
import { allBatches, deleteBatches, itemsInState, putBatch, putItems, saveNewBatch, spreadPending, type QueueDb } from './store';
import { createSummaries } from './summaries';
import type { Batch, QueueItem } from './types';

export function createLedger(db: QueueDb) {
  let batchList: Batch[] | null = null;
  /** The items under way, once read: a handful, asked for on every event and every popup poll. */
  let downloading: Map<string, QueueItem> | null = null;
  const summaries = createSummaries(db);
  /** Batches something happened to since they were last judged. */
  const touched = new Set<string>();

  const underWay = async (): Promise<QueueItem[]> => {
    downloading ??= new Map((await itemsInState(db, 'downloading')).map((i) => [i.id, i]));
    return [...downloading.values()];
  };

  return {
    summaries,
    underWay,
    /** The item under way with this browser download: read from memory, as a download's end is on the way to the next start. */
    downloadingWith: async (downloadId: number): Promise<QueueItem | undefined> =>
      (await underWay()).find((i) => i.downloadId === downloadId),
    batches: async (): Promise<Batch[]> => (batchList ??= await allBatches(db)),

    writeItems(items: QueueItem[]): Promise<void> {
      summaries.written(items);
      for (const i of items) {
        touched.add(i.batchId);
        if (i.state === 'downloading') downloading?.set(i.id, i);
        else downloading?.delete(i.id);
      }
      return putItems(db, items);
    },

    async writeBatch(batch: Batch): Promise<void> {
      touched.add(batch.id);
      batchList = null;
      await putBatch(db, batch);
    },

    /** A new batch with its items not filed yet (see pending.ts). */
    async writeNewBatch(batch: Batch, pending: PendingBatch): Promise<void> {
      batchList = null;
      await saveNewBatch(db, batch, pending);
    },

    /** Files the items of batches saved but not filed yet. */
    async spread(): Promise<void> {
      for (const id of await spreadPending(db, pendingItems)) {
        summaries.forget(id);
        touched.add(id);
      }
    },

    async deleteBatches(ids: readonly string[]): Promise<void> {
      await deleteBatches(db, ids);
      for (const id of ids) summaries.forget(id);
      batchList = null;
    },

    /** A worker's start: the items under way are read again from the store. */
    forgetUnderWay(): void {
      downloading = null;
    },

    /** The batch is to be judged, whether or not anything happened to it. */
    touch(batchId: string): void {
      touched.add(batchId);
    },

    /** The batches something happened to since the last call. */
    takeTouched(): string[] {
      const changed = [...touched];
      touched.clear();
      return changed;
    },
  };
}
