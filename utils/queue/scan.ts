/**
 * A batch's items in one state, in queue order, a chunk at a time: a batch of 50,000 is never
 * in memory whole, and a reader that has what it needs stops reading (leave the loop).
 */
import { batchItemsInState, type QueueDb } from './store';
import type { ItemState, QueueItem } from './types';

/** Queued items read at a time when looking for the next to start, or for the calls whose links are wanted. */
export const QUEUED_CHUNK = 64;

export async function* chunksOf(db: QueueDb, batchId: string, state: ItemState, size: number): AsyncGenerator<QueueItem[]> {
  for (let after = -Infinity; ; ) {
    const chunk = await batchItemsInState(db, batchId, state, size, after);
    if (!chunk.length) return;
    yield chunk;
    if (chunk.length < size) return;
    after = chunk[chunk.length - 1]!.order;
  }
}
