import { defineContentScript } from 'wxt/utils/define-content-script';
import { browser } from 'wxt/browser';
import { TAP_EVENT, TAP_HELLO } from '../utils/tap';
import { looksLikeRecordsView } from '../utils/records-view';
import { pageFeaturesOn } from '../utils/page-switch';

const POLL_MS = 500;
const MAX_FAILURES = 5;

/**
 * Runs on every workbench page, the agents' call pages among them, so it stays tiny: it
 * only waits for signs of call records (the tap forwarding a response about sessions, or
 * a table with the records' headers) and then asks the background to load the page tools
 * (`workbench-tools`) into this frame, once.
 */
export default defineContentScript({
  matches: ['https://tccc.qcloud.com/*'],
  async main(ctx) {
    if (!(await pageFeaturesOn())) return;
    let asked = false;
    let failures = 0;
    const ask = () => {
      if (asked || !ctx.isValid) return;
      asked = true;
      // Nothing goes to the page's console: a background still waking is asked again on the
      // next sign, a few times.
      browser.runtime.sendMessage({ type: 'load-tools' }).then(
        () => clearInterval(poll),
        () => {
          if (++failures < MAX_FAILURES) asked = false;
          else clearInterval(poll);
        },
      );
    };
    const poll = ctx.setInterval(() => looksLikeRecordsView(document) && ask(), POLL_MS);
    ctx.addEventListener(document, TAP_EVENT as keyof DocumentEventMap, ask);
    // The tap replays what it forwarded before this script ran.
    document.dispatchEvent(new CustomEvent(TAP_HELLO));
    if (looksLikeRecordsView(document)) ask();
  },
});
