import type { BatchView } from '../messages';
import { classifyInterrupt, LINK_NEEDS_CLICK, LINK_REQUEST_FAILED, LINK_STALE, LOGIN_PAGE, progressOf } from './transitions';
import type { Batch, QueueItem } from './types';
import { savedAsAsked } from './placement';

/** What the popup needs of one item: a few bytes to keep per item, however large the batch. */
export interface ItemSummary {
  state: QueueItem['state'];
  bytes: number;
  /** Why it failed, was skipped, waits or moved; null when there is nothing to say. */
  reason: string | null;
}

export function summarize(i: QueueItem): ItemSummary {
  const reason =
    i.state === 'failed'
      ? i.lastError ?? 'failed'
      : i.state === 'skipped'
        ? i.skipReason ?? 'skipped'
        : i.needsLink
          ? i.lastError === LOGIN_PAGE
            ? 'login-expired'
            : i.lastError === LINK_NEEDS_CLICK
            ? 'link-needs-click'
            : i.lastError === LINK_REQUEST_FAILED || i.lastError === LINK_STALE
              ? 'link-retrying'
              : i.record.recordUrl || i.record.customRecordUrl
              ? 'link-expired'
              : 'link-wanted'
          : i.state === 'queued' && i.lastError && classifyInterrupt(i.lastError) === 'disk-full'
            ? 'disk-full'
          : i.state === 'done' && i.finalPath && !savedAsAsked(i.finalPath, i.filename)
            ? 'renamed'
            : null;
  return { state: i.state, bytes: i.bytes, reason };
}

/** What the popup shows of a batch: counts, bytes and why things failed, wait or moved. */
export function batchView(batch: Batch, items: readonly ItemSummary[]): BatchView {
  const reasons = new Map<string, number>();
  for (const i of items) if (i.reason) reasons.set(i.reason, (reasons.get(i.reason) ?? 0) + 1);
  const progress = progressOf(items);
  return {
    id: batch.id,
    label: batch.label,
    state: batch.state,
    createdAt: batch.createdAt,
    ...progress,
    doneBytes: progress.bytes,
    left: progress.total - progress.done - progress.failed - progress.skipped,
    reasons: [...reasons].map(([reason, count]) => ({ reason, count })),
  };
}

/** The view with the bytes received so far of its downloads under way added. */
export function withLiveBytes(view: BatchView, liveBytes: number): BatchView {
  return liveBytes ? { ...view, bytes: view.doneBytes + liveBytes } : view;
}
