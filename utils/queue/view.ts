import type { BatchView } from '../messages';
import { progressOf } from './transitions';
import type { Batch, QueueItem } from './types';

/** What the popup shows of a batch: counts, bytes and why things failed or wait. */
export function batchView(batch: Batch, items: QueueItem[]): BatchView {
  const reasons = new Map<string, number>();
  for (const i of items) {
    const reason =
      i.state === 'failed' ? i.lastError ?? 'failed' : i.state === 'skipped' ? i.skipReason ?? 'skipped' : i.needsLink ? 'link-expired' : null;
    if (reason) reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  }
  return {
    id: batch.id,
    label: batch.label,
    state: batch.state,
    createdAt: batch.createdAt,
    ...progressOf(items),
    reasons: [...reasons].map(([reason, count]) => ({ reason, count })),
  };
}
