import { storage } from 'wxt/utils/storage';
import { DEFAULT_TEMPLATE } from '../naming/name-template';
import { PAGE_FEATURES_KEY } from './page-switch';
import { COLUMN_NAMES_KEY, type UserColumnNames } from './column-names';

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

/** The file-name template (see utils/name-template.ts); blank means the default. */
export const nameTemplate = storage.defineItem<string>('sync:nameTemplate', { fallback: DEFAULT_TEMPLATE });

/** `138****5678` instead of the full number in file names. */
export const maskPhones = storage.defineItem<boolean>('sync:maskPhones', { fallback: false });

/** A call downloaded before (or waiting in another batch) is skipped, with the reason shown. */
export const skipDuplicates = storage.defineItem<boolean>('sync:skipDuplicates', { fallback: true });

/** Everything on workbench pages (the network tap, the bar, the row checkboxes); off leaves the pages alone. */
export const pageFeatures = storage.defineItem<boolean>(`sync:${PAGE_FEATURES_KEY}`, { fallback: true });

/** Header texts the user mapped to fields, for a page that renamed a column (see utils/column-names.ts). */
export const columnNames = storage.defineItem<UserColumnNames>(`sync:${COLUMN_NAMES_KEY}`, { fallback: {} });
