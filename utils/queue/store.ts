/**
 * The queue's single source of truth, in IndexedDB: batches and their items. Every
 * write is one small transaction over many records, so an acknowledged enqueue is on
 * disk before the acknowledgement goes out, and progress is saved in batches.
 */
import { openDB, unwrap, type DBSchema, type IDBPDatabase } from 'idb';
import type { Batch, ItemState, QueueItem } from './types';
import type { PendingBatch } from './pending';

interface QueueSchema extends DBSchema {
  batches: { key: string; value: Batch };
  pending: { key: string; value: PendingBatch };
  items: {
    key: string;
    value: QueueItem;
    indexes: { state: ItemState; downloadId: number; queue: [string, ItemState, number] };
  };
}

export type QueueDb = IDBPDatabase<QueueSchema>;

export function openQueueDb(name = 'tccc-queue'): Promise<QueueDb> {
  return openDB<QueueSchema>(name, 4, {
    upgrade(db, oldVersion, _newVersion, tx) {
      if (oldVersion < 1) {
        db.createObjectStore('batches', { keyPath: 'id' });
        const items = db.createObjectStore('items', { keyPath: 'id' });
        items.createIndex('state', 'state');
        items.createIndex('downloadId', 'downloadId');
      }
      // A batch's items by state, in batch order: the next to start, and counts, without reading the rest.
      if (oldVersion < 2) tx.objectStore('items').createIndex('queue', ['batchId', 'state', 'order']);
      // Version 1 also indexed batchId and sessionId: `queue` serves the one, nothing read the other,
      // and each index is one more write per item.
      if (oldVersion === 1 || oldVersion === 2) {
        const items = tx.objectStore('items');
        for (const index of ['batchId', 'sessionId']) if (items.indexNames.contains(index as never)) items.deleteIndex(index as never);
      }
      if (oldVersion < 4) db.createObjectStore('pending', { keyPath: 'batchId' });
    },
  });
}

/** The key range of a batch's items in one state, in order. */
function inState(batchId: string, state: ItemState, afterOrder = -Infinity): IDBKeyRange {
  return IDBKeyRange.bound([batchId, state, afterOrder], [batchId, state, Infinity], afterOrder !== -Infinity);
}

/** Up to `count` (or all) of a batch's items in this state, in batch order, after position `afterOrder`. */
export function batchItemsInState(
  db: QueueDb,
  batchId: string,
  state: ItemState,
  count?: number,
  afterOrder = -Infinity,
): Promise<QueueItem[]> {
  return db.getAllFromIndex('items', 'queue', inState(batchId, state, afterOrder), count);
}

/** How many of a batch's items are in each of these states. */
export async function countInStates(db: QueueDb, batchId: string, states: readonly ItemState[]): Promise<Record<ItemState, number>> {
  const counts = { queued: 0, downloading: 0, done: 0, failed: 0, skipped: 0 };
  await Promise.all(states.map(async (state) => (counts[state] = await db.countFromIndex('items', 'queue', inState(batchId, state)))));
  return counts;
}

/**
 * A new batch and all its items, in one transaction: either all are stored or none. The
 * items go in as one record of text (one write, not thousands); `spreadPending` files them
 * one by one right after, and again at the next start if the worker died in between.
 */
export async function saveNewBatch(db: QueueDb, batch: Batch, pending: PendingBatch): Promise<void> {
  const tx = db.transaction(['batches', 'pending'], 'readwrite');
  await Promise.all([tx.objectStore('batches').put(batch), tx.objectStore('pending').put(pending), tx.done]);
}

/** Files the items of every batch saved as one record (made by `itemsOf`) into `items`; returns those batches' ids. */
export async function spreadPending(db: QueueDb, itemsOf: (pending: PendingBatch) => QueueItem[]): Promise<string[]> {
  const spread: string[] = [];
  for (const pending of await db.getAll('pending')) {
    const items = itemsOf(pending);
    const tx = db.transaction(['items', 'pending'], 'readwrite');
    // Plain requests: thousands of promises, one per put, cost more than the puts.
    const store = unwrap(tx.objectStore('items'));
    for (const item of items) store.put(item);
    unwrap(tx.objectStore('pending')).delete(pending.batchId);
    await tx.done;
    spread.push(pending.batchId);
  }
  return spread;
}

export async function putItems(db: QueueDb, items: QueueItem[]): Promise<void> {
  if (!items.length) return;
  const tx = db.transaction('items', 'readwrite');
  const store = unwrap(tx.store);
  for (const item of items) store.put(item);
  await tx.done;
}

export async function putBatch(db: QueueDb, batch: Batch): Promise<void> {
  await db.put('batches', batch);
}

export async function allBatches(db: QueueDb): Promise<Batch[]> {
  return (await db.getAll('batches')).sort((a, b) => a.createdAt - b.createdAt);
}

export async function itemsOfBatch(db: QueueDb, batchId: string): Promise<QueueItem[]> {
  const all = IDBKeyRange.bound([batchId, '', -Infinity], [batchId, '\uffff', Infinity]);
  return (await db.getAllFromIndex('items', 'queue', all)).sort((a, b) => a.order - b.order);
}

export function itemsInState(db: QueueDb, state: ItemState): Promise<QueueItem[]> {
  return db.getAllFromIndex('items', 'state', state);
}

/** Calls already downloaded or waiting to be: a new selection skips them unless forced. */
export async function knownSessionIds(db: QueueDb): Promise<Set<string>> {
  const known = new Set<string>();
  // What a canceled batch never downloaded is not taken care of: it may be selected again.
  const canceled = new Set((await db.getAll('batches')).filter((b) => b.state === 'canceled').map((b) => b.id));
  for (const state of ['done', 'queued', 'downloading'] as const) {
    for (const key of await db.getAllKeysFromIndex('items', 'state', state)) {
      const at = key.indexOf(':');
      if (state === 'done' || !canceled.has(key.slice(0, at))) known.add(key.slice(at + 1));
    }
  }
  for (const { queued } of await db.getAll('pending')) for (const id of JSON.parse(queued) as string[]) known.add(id);
  return known;
}

/**
 * Forgets these batches with all their items, in one transaction: an item's key begins
 * with its batch's id and a colon, so each batch's items go in one request.
 */
export async function deleteBatches(db: QueueDb, batchIds: readonly string[]): Promise<void> {
  if (!batchIds.length) return;
  const tx = db.transaction(['batches', 'items', 'pending'], 'readwrite');
  const [batches, items, pending] = [unwrap(tx.objectStore('batches')), unwrap(tx.objectStore('items')), unwrap(tx.objectStore('pending'))];
  for (const id of batchIds) {
    items.delete(IDBKeyRange.bound(`${id}:`, `${id};`, false, true));
    pending.delete(id);
    batches.delete(id);
  }
  await tx.done;
}

/** The items with these ids that exist, in one transaction. */
export async function itemsById(db: QueueDb, ids: readonly string[]): Promise<QueueItem[]> {
  const store = db.transaction('items').store;
  return (await Promise.all(ids.map((id) => store.get(id)))).filter((i): i is QueueItem => i !== undefined);
}

/** The item a browser download belongs to, if it is one of ours. */
export function itemByDownloadId(db: QueueDb, downloadId: number): Promise<QueueItem | undefined> {
  return db.getFromIndex('items', 'downloadId', downloadId);
}
