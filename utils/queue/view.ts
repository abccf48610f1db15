import type { BatchView } from '../messages';
import { LINK_NEEDS_CLICK, LINK_REQUEST_FAILED, LINK_STALE, progressOf } from './transitions';
import type { Batch, QueueItem } from './types';

/**
 * Whether the browser saved the file where we asked. Another extension's rename, or
 * `name (1).mp3` beside a file already there, shows up here. The browser gives an absolute
 * path in the platform's own separators (and macOS may decompose CJK), so both sides are
 * normalized before the asked-for relative path is looked for at its end.
 */
export function savedAsAsked(finalPath: string, asked: string): boolean {
  const norm = (p: string) => p.replace(/\\/g, '/').normalize('NFC');
  const path = norm(finalPath);
  const want = norm(asked);
  return path === want || path.endsWith(`/${want}`);
}

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
          ? i.lastError === LINK_NEEDS_CLICK
            ? 'link-needs-click'
            : i.lastError === LINK_REQUEST_FAILED || i.lastError === LINK_STALE
              ? 'link-retrying'
              : i.record.recordUrl || i.record.customRecordUrl
              ? 'link-expired'
              : 'link-wanted'
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
    noManifest: batch.noManifest ?? null,
  };
}

/** The view with the bytes received so far of its downloads under way added. */
export function withLiveBytes(view: BatchView, liveBytes: number): BatchView {
  return liveBytes ? { ...view, bytes: view.doneBytes + liveBytes } : view;
}
