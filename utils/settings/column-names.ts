import { browser } from 'wxt/browser';
import type { ColumnKey } from '../page-dom/table-header';

/** The `storage.sync` key of the user's own header names: header text → field. */
export const COLUMN_NAMES_KEY = 'columnNames';

export type UserColumnNames = Record<string, ColumnKey>;

function valid(value: unknown): UserColumnNames {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as UserColumnNames) : {};
}

/** Read without WXT's storage layer, which the page tools do not carry. */
export async function loadColumnNames(): Promise<UserColumnNames> {
  return valid((await browser.storage.sync.get(COLUMN_NAMES_KEY))[COLUMN_NAMES_KEY]);
}

/** Calls back when the options page saves new names; returns the unsubscribe. */
export function watchColumnNames(onChange: (names: UserColumnNames) => void): () => void {
  const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area === 'sync' && COLUMN_NAMES_KEY in changes) onChange(valid(changes[COLUMN_NAMES_KEY]!.newValue));
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}
