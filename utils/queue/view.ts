import type { BatchView } from '../extension/messages';
import {
  ASKED_WHERE_TO_SAVE,
  classifyInterrupt,
  LINK_NEEDS_CLICK,
  LINK_REQUEST_FAILED,
  LINK_STALE,
  LOGIN_PAGE,
  type BatchProgress,
} from './transitions';
import type { Batch, ItemState, QueueItem } from './types';
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
      ? (i.lastError ?? 'failed')
      : i.state === 'skipped'
        ? (i.skipReason ?? 'skipped')
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
            : i.state === 'queued' && i.lastError === ASKED_WHERE_TO_SAVE
              ? 'ask-where-to-save'
              : i.state === 'done' && i.finalPath && !savedAsAsked(i.finalPath, i.filename)
                ? 'renamed'
                : null;
  return { state: i.state, bytes: i.bytes, reason };
}

const STATES: readonly ItemState[] = ['queued', 'downloading', 'done', 'failed', 'skipped'];

/**
 * What the popup needs of a batch's items, kept by each item's position in its batch in a
 * few bytes (50,000 items: under 1 MB of worker memory) and updated item by item as they
 * change: a state, the bytes on disk, and a reason only where there is one.
 */
export class ItemTally {
  /** 0: not filed yet; else the index in STATES, plus one. */
  private states: Uint8Array;
  private bytes: Float64Array;
  private reasons = new Map<number, string>();

  constructor(size = 0) {
    this.states = new Uint8Array(size);
    this.bytes = new Float64Array(size);
  }

  static of(items: readonly ItemSummary[]): ItemTally {
    const tally = new ItemTally(items.length);
    items.forEach((item, order) => {
      tally.set(order, item);
    });
    return tally;
  }

  set(order: number, item: ItemSummary): void {
    if (order >= this.states.length) this.grow(order + 1);
    this.states[order] = STATES.indexOf(item.state) + 1;
    this.bytes[order] = item.bytes;
    if (item.reason) this.reasons.set(order, item.reason);
    else this.reasons.delete(order);
  }

  progress(): BatchProgress {
    const p = { total: 0, done: 0, failed: 0, skipped: 0, bytes: 0 };
    const [done, failed, skipped] = (['done', 'failed', 'skipped'] as const).map((s) => STATES.indexOf(s) + 1);
    for (let i = 0; i < this.states.length; i++) {
      const state = this.states[i]!;
      if (!state) continue;
      p.total++;
      if (state === done) p.done++;
      else if (state === failed) p.failed++;
      else if (state === skipped) p.skipped++;
      p.bytes += this.bytes[i]!;
    }
    return p;
  }

  reasonCounts(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const reason of this.reasons.values()) counts.set(reason, (counts.get(reason) ?? 0) + 1);
    return counts;
  }

  private grow(size: number): void {
    const n = Math.max(size, this.states.length * 2);
    const states = new Uint8Array(n);
    const bytes = new Float64Array(n);
    states.set(this.states);
    bytes.set(this.bytes);
    [this.states, this.bytes] = [states, bytes];
  }
}

/** What the popup shows of a batch: counts, bytes and why things failed, wait or moved. */
export function batchView(batch: Batch, items: ItemTally): BatchView {
  const progress = items.progress();
  return {
    id: batch.id,
    label: batch.label,
    state: batch.state,
    createdAt: batch.createdAt,
    ...progress,
    doneBytes: progress.bytes,
    left: progress.total - progress.done - progress.failed - progress.skipped,
    reasons: [...items.reasonCounts()].map(([reason, count]) => ({ reason, count })),
    noManifest: batch.noManifest ?? null,
  };
}

/** The view with the bytes received so far of its downloads under way added. */
export function withLiveBytes(view: BatchView, liveBytes: number): BatchView {
  return liveBytes ? { ...view, bytes: view.doneBytes + liveBytes } : view;
}
