import { defineContentScript } from 'wxt/utils/define-content-script';
import { installTap } from '../utils/tap';

export default defineContentScript({
  matches: ['https://tccc.qcloud.com/*'],
  world: 'MAIN',
  runAt: 'document_start',
  main() {
    installTap(window);
  },
});
