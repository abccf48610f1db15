/**
 * A new batch as it is saved before the enqueue is acknowledged: its calls as they came, in
 * wire text (a string is stored at once, 50,000 objects are not), and what decided each
 * call's fate then. Its items are made from it again when they are filed, just after the
 * acknowledgement or at the next start: the same items, since the making is pure.
 */
import { renderRecordPath } from '../naming/name-template';
import type { CallRecord } from '../record/record';
import { recordsFromWire, recordsToWire } from '../record/record-wire';
import { planEnqueue, type EnqueuePlan } from './transitions';
import type { QueueItem } from './types';

/** Calls in wire text, read with the workbench app of the tab that sent them (see `recordsFromWire`). */
export interface WireCalls {
  texts: string[];
  app: string | null;
}

/** The naming settings a batch was started with (see `renderRecordPath`). */
export interface PendingNaming {
  template: string;
  root: string;
  maskPhones: boolean;
  batchLabel: string;
}

export interface PendingBatch {
  batchId: string;
  calls: WireCalls;
  /** When the batch was made: its links were read then. */
  at: number;
  force: boolean;
  /** Calls skipped as downloaded before when it was made. */
  duplicates: string[];
  /** JSON: the calls it queues, which a new selection knows before they are filed. */
  queued: string;
  /** How its files are named. */
  naming: PendingNaming;
}

/** The calls of `calls`, as they were when they came. */
function callsOf(calls: WireCalls): CallRecord[] {
  return calls.texts.flatMap((text) => recordsFromWire(text, calls.app).records);
}

/** Calls that came as objects, as wire text. */
export function asWireCalls(records: readonly CallRecord[]): WireCalls {
  return { texts: [recordsToWire(records)], app: null };
}

/** The batch `plan` (made from `calls` with `force`) as it is saved. */
export function pendingBatch(plan: EnqueuePlan, calls: WireCalls, force: boolean, naming: PendingNaming): PendingBatch {
  return {
    batchId: plan.batch.id,
    calls,
    at: plan.batch.createdAt,
    force,
    duplicates: plan.items.filter((i) => i.skipReason === 'duplicate').map((i) => i.sessionId),
    queued: JSON.stringify(plan.items.filter((i) => i.state === 'queued').map((i) => i.sessionId)),
    naming,
  };
}

/** The saved batch's items, named. */
export function pendingItems(p: PendingBatch): QueueItem[] {
  const { items } = planEnqueue(callsOf(p.calls), {
    batchId: p.batchId,
    label: p.naming.batchLabel,
    now: p.at,
    known: new Set(p.duplicates),
    force: p.force,
    nameFor: () => '',
  });
  return namedItems(items, p.naming);
}

/** Each item's file name, from the settings its batch was started with. */
export function namedItems(items: QueueItem[], n: PendingNaming): QueueItem[] {
  return items.map((i) => ({
    ...i,
    filename: renderRecordPath(n.template, i.record, { batchLabel: n.batchLabel, root: n.root, maskPhones: n.maskPhones }),
  }));
}
