/**
 * The queue's single source of truth, in IndexedDB: batches and their items. Every
 * write is one small transaction over many records, so an acknowledged enqueue is on
 * disk before the acknowledgement goes out, and progress is saved in batches.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { Batch, ItemState, QueueItem } from './types';

interface QueueSchema extends DBSchema {
  batches: { key: string; value: Batch };
  items: { key: string; value: QueueItem; indexes: { batchId: string; sessionId: string; state: ItemState; downloadId: number } };
}

export type QueueDb = IDBPDatabase<QueueSchema>;

export function openQueueDb(name = 'tccc-queue'): Promise<QueueDb> {
  return openDB<QueueSchema>(name, 1, {
    upgrade(db) {
      db.createObjectStore('batches', { keyPath: 'id' });
      const items = db.createObjectStore('items', { keyPath: 'id' });
      items.createIndex('batchId', 'batchId');
      items.createIndex('sessionId', 'sessionId');
      items.createIndex('state', 'state');
      items.createIndex('downloadId', 'downloadId');
    },
  });
}

/** A new batch and all its items, in one transaction: either all are stored or none. */
export async function saveNewBatch(db: QueueDb, batch: Batch, items: QueueItem[]): Promise<void> {
  const tx = db.transaction(['batches', 'items'], 'readwrite');
  await Promise.all([tx.objectStore('batches').put(batch), ...items.map((i) => tx.objectStore('items').put(i)), tx.done]);
}

export async function putItems(db: QueueDb, items: QueueItem[]): Promise<void> {
  if (!items.length) return;
  const tx = db.transaction('items', 'readwrite');
  await Promise.all([...items.map((i) => tx.store.put(i)), tx.done]);
}

export async function putBatch(db: QueueDb, batch: Batch): Promise<void> {
  await db.put('batches', batch);
}

export async function allBatches(db: QueueDb): Promise<Batch[]> {
  return (await db.getAll('batches')).sort((a, b) => a.createdAt - b.createdAt);
}

export async function itemsOfBatch(db: QueueDb, batchId: string): Promise<QueueItem[]> {
  return (await db.getAllFromIndex('items', 'batchId', batchId)).sort((a, b) => a.order - b.order);
}

export function itemsInState(db: QueueDb, state: ItemState): Promise<QueueItem[]> {
  return db.getAllFromIndex('items', 'state', state);
}

/** Calls already downloaded or waiting to be: a new selection skips them unless forced. */
export async function knownSessionIds(db: QueueDb): Promise<Set<string>> {
  const known = new Set<string>();
  for (const state of ['done', 'queued', 'downloading'] as const) {
    for (const key of await db.getAllKeysFromIndex('items', 'state', state)) known.add(key.slice(key.indexOf(':') + 1));
  }
  return known;
}

/** The item a browser download belongs to, if it is one of ours. */
export function itemByDownloadId(db: QueueDb, downloadId: number): Promise<QueueItem | undefined> {
  return db.getFromIndex('items', 'downloadId', downloadId);
}
