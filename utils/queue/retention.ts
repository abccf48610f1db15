/**
 * How long the queue remembers finished batches. IndexedDB holds every item of every batch
 * (a quarter's archive is 50,000), so finished ones are forgotten after a while: the popup
 * stays short and the store does not grow for ever. What is forgotten is also no longer
 * known as downloaded before (a call selected again is downloaded again).
 */
import type { Batch, BatchState } from './types';

/** A finished batch is kept this long after it was started… */
export const KEEP_FINISHED_DAYS = 30;
/** …and only the newest this many finished batches are kept. */
export const KEEP_FINISHED_BATCHES = 50;

const FINISHED: ReadonlySet<BatchState> = new Set(['done', 'failed', 'canceled']);

export const isFinished = (batch: Batch): boolean => FINISHED.has(batch.state);

/** The finished batches to forget now: past the age, or past the count (the oldest first to go). */
export function batchesToForget(
  batches: readonly Batch[],
  now: number,
  keep = { days: KEEP_FINISHED_DAYS, batches: KEEP_FINISHED_BATCHES },
): string[] {
  const oldest = now - keep.days * 86_400_000;
  return batches
    .filter(isFinished)
    .sort((a, b) => b.createdAt - a.createdAt)
    .filter((b, newer) => newer >= keep.batches || b.createdAt < oldest)
    .map((b) => b.id);
}
