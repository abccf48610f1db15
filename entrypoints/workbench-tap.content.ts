import { defineContentScript } from 'wxt/utils/define-content-script';
import { installTap } from '../utils/tap';

/** Registered by the background while the page features are on, so switching them off removes even this. */
export default defineContentScript({
  matches: ['https://tccc.qcloud.com/*'],
  registration: 'runtime',
  world: 'MAIN',
  runAt: 'document_start',
  main() {
    installTap(window);
  },
});
