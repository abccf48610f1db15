import { browser } from 'wxt/browser';

/** The `storage.sync` key of the switch for everything the extension does on workbench pages. */
export const PAGE_FEATURES_KEY = 'pageFeatures';

/** Read without WXT's storage layer, which would triple the size of the script on every page. */
export async function pageFeaturesOn(): Promise<boolean> {
  const stored = (await browser.storage.sync.get(PAGE_FEATURES_KEY))[PAGE_FEATURES_KEY];
  return stored !== false;
}
