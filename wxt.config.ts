import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import type { Plugin } from 'vite';
import { WORKBENCH_MATCH } from './utils/extension/origins';

/**
 * The oldest Chrome with everything used: a `world: 'MAIN'` content script in the manifest
 * (111), `storage.session` and a MAIN-world `scripting` registration (102), MV3 service
 * worker, `downloads`, `alarms` (88). Before 120 an alarm fires a minute at the earliest,
 * which only slows retries.
 */
const MINIMUM_CHROME_VERSION = '111';

/**
 * The oldest Firefox: 140 ESR, which the E2E scenarios pass in (enterprises run ESR). A
 * main-world content script in the manifest needs 128, `data_collection_permissions` 140.
 */
const MINIMUM_FIREFOX_VERSION = '140.0';

/**
 * Content scripts load into every workbench page, so each KB counts. The extension APIs
 * they call (runtime messages, storage, i18n) already return promises in Chrome's MV3 and
 * Firefox, so they take WXT's plain `browser` instead of the 10 KB polyfill; the
 * background and extension pages keep the polyfill.
 */
function contentScriptsWithoutPolyfill(): Plugin {
  let isContentScript = false;
  return {
    name: 'tccc:content-scripts-without-polyfill',
    enforce: 'pre',
    configResolved(config) {
      const entry = String(config.define?.['import.meta.env.ENTRYPOINT'] ?? '');
      isContentScript = /^"workbench[\w-]*"$/.test(entry);
    },
    resolveId(id, importer) {
      if (isContentScript && id === '@wxt-dev/webextension-polyfill/browser')
        return this.resolve('@wxt-dev/browser', importer, { skipSelf: true });
      return null;
    },
  };
}

export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  // Explicit imports everywhere: a reader sees where each name comes from.
  imports: false,
  vite: () => ({ plugins: [preact(), contentScriptsWithoutPolyfill()] }),
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'zh_CN',
    // Chrome's worker makes the manifest's Blob URL in an offscreen document; Firefox's background page needs none.
    permissions: ['storage', 'downloads', 'alarms', 'notifications', 'scripting', ...(browser === 'firefox' ? [] : ['offscreen'])],
    // The workbench origin, and nothing else: the page tools are injected there and its tabs are
    // found by URL. Recordings on Tencent COS need no host permission: `downloads.download`
    // checks none (Chromium's DownloadsDownloadFunction only checks that the URL is valid), and
    // nothing else of ours fetches from COS.
    host_permissions: [WORKBENCH_MATCH],
    action: { default_title: '__MSG_extName__' },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'tccc-record-tools@tccc-tools.invalid',
              strict_min_version: MINIMUM_FIREFOX_VERSION,
              data_collection_permissions: { required: ['none'] },
            },
            // Firefox for Android knows data_collection_permissions from 142 only.
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : { minimum_chrome_version: MINIMUM_CHROME_VERSION }),
  }),
});
