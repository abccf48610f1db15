import { defineContentScript } from 'wxt/utils/define-content-script';
import { browser } from 'wxt/browser';
import { TAP_EVENT, TAP_HELLO, TAP_OFF } from '../utils/page-requests/tap';
import { looksLikeRecordsView } from '../utils/page-dom/records-view';
import { pageFeaturesOn } from '../utils/settings/page-switch';
import { SENTINEL_PING } from '../utils/extension/messages';
import { send } from '../utils/extension/send';
import { WORKBENCH_MATCH } from '../utils/extension/origins';

const POLL_MS = 500;
const MAX_FAILURES = 5;

/**
 * Runs on every workbench page, the agents' call pages among them, so it stays tiny: it
 * only waits for signs of call records (the tap forwarding a response about sessions, or
 * a table with the records' headers) and then asks the background to load the page tools
 * (`workbench-tools`) into this frame, once. From document_start, so that with the page
 * features off the tap steps aside before the page has made many requests.
 */
export default defineContentScript({
  matches: [WORKBENCH_MATCH],
  runAt: 'document_start',
  async main(ctx) {
    // The background asks this of each open workbench tab: a tab that does not answer was open
    // before an install or update, and gets the scripts injected.
    const answerPing = (message: unknown) =>
      (message as { type?: unknown } | null)?.type === SENTINEL_PING ? Promise.resolve(true) : undefined;
    browser.runtime.onMessage.addListener(answerPing);
    ctx.onInvalidated(() => browser.runtime.onMessage.removeListener(answerPing));
    if (!(await pageFeaturesOn())) {
      document.dispatchEvent(new CustomEvent(TAP_OFF));
      return;
    }
    let asked = false;
    let failures = 0;
    const ask = () => {
      if (asked || !ctx.isValid) return;
      asked = true;
      // Nothing goes to the page's console: a background still waking is asked again on the
      // next sign, a few times.
      send({ type: 'load-tools' }).then(
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
