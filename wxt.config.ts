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
              strict_min_version: '142.0',
              data_collection_permissions: { required: ['none'] },
            },
          },
        }
      : { minimum_chrome_version: MINIMUM_CHROME_VERSION }),
  }),
});
