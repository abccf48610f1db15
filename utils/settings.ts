import { storage } from 'wxt/utils/storage';

/** The folder, inside the browser's download folder, that every batch goes under. */
export const rootFolder = storage.defineItem<string>('sync:rootFolder', { fallback: 'TCCC录音' });

/** How many recordings download at once (1–6). */
export const concurrency = storage.defineItem<number>('sync:concurrency', { fallback: 3 });

export function clampConcurrency(value: unknown): number {
  const n = Math.round(Number(value));
  return Number.isFinite(n) ? Math.min(6, Math.max(1, n)) : 3;
}

/** A system notification when a batch finishes. */
export const notifyOnFinish = storage.defineItem<boolean>('sync:notifyOnFinish', { fallback: true });
