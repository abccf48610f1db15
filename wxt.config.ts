import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

// The workbench origin and the Tencent COS hosts recordings come from; nothing else.
const WORKBENCH = 'https://tccc.qcloud.com/*';
const COS_HOSTS = ['https://*.myqcloud.com/*', 'https://*.tencentcos.cn/*'];

export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  // Explicit imports everywhere: a reader sees where each name comes from.
  imports: false,
  vite: () => ({ plugins: [preact()] }),
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'zh_CN',
    permissions: ['storage', 'downloads', 'alarms', 'notifications'],
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
