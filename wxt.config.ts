import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import type { Plugin } from 'vite';

// The workbench origin and the Tencent COS hosts recordings come from; nothing else.
const WORKBENCH = 'https://tccc.qcloud.com/*';
const COS_HOSTS = ['https://*.myqcloud.com/*', 'https://*.tencentcos.cn/*'];

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
      if (isContentScript && id === '@wxt-dev/webextension-polyfill/browser') return this.resolve('@wxt-dev/browser', importer, { skipSelf: true });
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
    host_permissions: [WORKBENCH, ...COS_HOSTS],
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
      : {}),
  }),
});
