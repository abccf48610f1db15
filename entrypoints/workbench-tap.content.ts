import { defineContentScript } from 'wxt/utils/define-content-script';
import { installTap } from '../utils/page-requests/tap-install';
import { WORKBENCH_MATCH } from '../utils/extension/origins';

/**
 * In the manifest, not registered at run time: only then is it in the page before the page's
 * first list request, also right after an install, a browser start or an update. With the
 * page features off, the sentinel tells it to step aside (TAP_OFF) and it forwards nothing.
 */
export default defineContentScript({
  matches: [WORKBENCH_MATCH],
  world: 'MAIN',
  runAt: 'document_start',
  main() {
    installTap(window);
  },
});
