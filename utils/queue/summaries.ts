/**
 * What the popup shows of each batch's items, kept in memory once read and up to date by
 * every write after: the popup polls, and a batch of 50,000 must not be read on each poll.
 */
import type { QueueDb } from './store';
import { chunksOf } from './scan';
import type { Batch, QueueItem } from './types';
import { ItemTally, summarize } from './view';

/** Items read at a time to learn what the popup shows of a batch. */
const TALLY_CHUNK = 2_000;

export function createSummaries(db: QueueDb) {
  const tallies = new Map<string, ItemTally>();
  /**
   * Items written while a batch's tally is read from the store: the store may not have them
   * yet, so what the read finds for them is older than what the tally already holds.
   */
  const writtenDuringRead = new Map<string, Set<number>>();
  const reads = new Map<string, Promise<void>>();

  /** Reads a batch's tally a chunk at a time, kept up to date by writes from the start, not only once read whole. */
  async function read(batch: Batch): Promise<ItemTally> {
    const fresh = new ItemTally(batch.total);
    const written = new Set<number>();
    tallies.set(batch.id, fresh);
    writtenDuringRead.set(batch.id, written);
    const reading = (async () => {
      for (const state of ['queued', 'downloading', 'done', 'failed', 'skipped'] as const) {
        for await (const chunk of chunksOf(db, batch.id, state, TALLY_CHUNK)) {
          for (const i of chunk) if (!written.has(i.order)) fresh.set(i.order, summarize(i));
        }
      }
    })();
    reads.set(
      batch.id,
      reading.catch(() => {}),
    );
    try {
      await reading;
    } catch (error) {
      tallies.delete(batch.id);
      throw error;
    } finally {
      writtenDuringRead.delete(batch.id);
      reads.delete(batch.id);
    }
    return fresh;
  }

  return {
    /** Items about to be written: what is kept of their batches follows. */
    written(items: readonly QueueItem[]): void {
      for (const i of items) {
        tallies.get(i.batchId)?.set(i.order, summarize(i));
        writtenDuringRead.get(i.batchId)?.add(i.order);
      }
    },

    /** The batch changed in the store behind the cache's back (filed, deleted): read again when next asked. */
    forget(batchId: string): void {
      tallies.delete(batchId);
    },

    /** What the popup shows of the batch's items. A tally another call is still reading is waited for, never shown half read. */
    async of(batch: Batch): Promise<ItemTally> {
      await reads.get(batch.id);
      return tallies.get(batch.id) ?? read(batch);
    },
  };
}
