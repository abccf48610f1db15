import { browser } from 'wxt/browser';
import { sanitizeFilterState, type FilterState } from './filters';

/**
 * The filter the user last chose on the record page, restored on the next visit.
 * Plain `storage.local` rather than WXT's storage items: this runs in the content
 * script, where every kilobyte is loaded into the workbench page.
 */
const KEY = 'lastFilter';

export async function loadLastFilter(): Promise<FilterState> {
  try {
    const stored = await browser.storage.local.get(KEY);
    return sanitizeFilterState(stored[KEY]);
  } catch {
    return sanitizeFilterState(null);
  }
}

export function saveLastFilter(filter: FilterState): Promise<void> {
  return browser.storage.local.set({ [KEY]: filter }).catch(() => {});
}
