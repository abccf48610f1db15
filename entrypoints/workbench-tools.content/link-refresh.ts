import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { isTabMessage, type FreshLink, type LinksWanted } from '../../utils/messages';
import type { PageModel } from '../../utils/page-model';

const MAX_RETRIES = 3;
const RETRY_MS = 5_000;

export interface LinkRefreshResult {
  /** Expired calls this page found fresh links for. */
  found: number;
  /** Expired calls the page's current query does not hold. */
  missing: number;
}

/**
 * Answers the download queue when links expire: the page's own query is read again
 * across its pages (`recollect`), the tap picks up the links the page is given, and those
 * of the calls the queue waits on go back to it. Asked by the background, and once the
 * page's table is there, since the queue may have been waiting for a workbench page.
 */
export function serveFreshLinks(
  ctx: ContentScriptContext,
  model: PageModel,
  recollect: () => Promise<boolean>,
  onDone: (result: LinkRefreshResult) => void,
): { arrived: () => void; offer: () => void } {
  let busy = false;
  let retries = 0;
  /** A call that came while one was being answered: links that expired meanwhile. */
  let askedAgain = false;

  /** Sends the links the page knows for the calls the queue waits on; `recollect` first reads the query again. */
  const refresh = async (want: LinksWanted, recollectFirst: boolean) => {
    if (busy) {
      askedAgain = true;
      return;
    }
    if (!want.wanted.length || !ctx.isValid) return;
    busy = true;
    try {
      // A query that could not be read again (the page was still settling, say) is tried once
      // more shortly; meanwhile what the page shows now is sent.
      if (recollectFirst && !(await recollect()) && retries++ < MAX_RETRIES) setTimeout(() => void ask(true), RETRY_MS);
      const links: FreshLink[] = [];
      for (const sessionId of [...want.wanted, ...want.welcome]) {
        const recordUrl = model.tapRecord(sessionId)?.recordUrl;
        if (recordUrl) links.push({ sessionId, recordUrl });
      }
      if (links.length) await browser.runtime.sendMessage({ type: 'fresh-links', links });
      const found = new Set(links.map((l) => l.sessionId));
      const fresh = want.wanted.filter((id) => found.has(id)).length;
      onDone({ found: fresh, missing: want.wanted.length - fresh });
    } catch (error) {
      console.warn('[tccc] could not refresh recording links:', error);
    } finally {
      busy = false;
      // The query was just read again: what expired meanwhile is answered from it.
      if (askedAgain) {
        askedAgain = false;
        void ask(false);
      }
    }
  };

  const ask = (recollectFirst: boolean) =>
    browser.runtime
      .sendMessage({ type: 'links-wanted' })
      .then((want) => refresh(want as LinksWanted, recollectFirst))
      .catch(() => {});

  const listener = (raw: unknown, sender: { id?: string; tab?: unknown }) => {
    // Only the extension's own background asks; a page or another extension cannot.
    if (sender.id !== browser.runtime.id || sender.tab || !isTabMessage(raw)) return;
    void refresh(raw, true);
  };
  browser.runtime.onMessage.addListener(listener);
  ctx.onInvalidated(() => browser.runtime.onMessage.removeListener(listener));

  return {
    /** The page's table is there: the queue may have been waiting for a workbench page to open. */
    arrived: () => void ask(true),
    /** After the user collected a query by hand: what it holds may be what the queue waits on. */
    offer: () => void ask(false),
  };
}
