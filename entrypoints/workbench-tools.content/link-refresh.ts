import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { isTabMessage, type FreshLink, type LinksWanted, type UnavailableLink } from '../../utils/extension/messages';
import type { LinkSource } from './link-source';
import { send } from '../../utils/extension/send';
import { guarded, reportProblem } from '../../utils/diagnostics/problems';
import type { PageModel } from '../../utils/page-model/page-model';
import { recordingUrlOf } from '../../utils/page-json/recording-link';

const MAX_RETRIES = 3;
const RETRY_MS = 5_000;

export interface LinkRefreshResult {
  /** Calls waiting whose fresh links the page's query held. */
  refreshed: number;
  /** Calls waiting that the page's query does not hold. */
  notInQuery: number;
  /** Links fetched the page's way, for calls whose links it gives only on demand. */
  fetched: number;
  /** Some wait until the page is seen fetching a link (the user plays a recording once). */
  needsClick: boolean;
}

/**
 * Answers the download queue when it waits for links. Expired ones: the page's own query
 * is read again across its pages (`recollect`), the tap picks up the links the page is
 * given, and those of the calls the queue waits on go back to it. Links the page gives
 * only on demand are fetched the page's way (`source`). Asked by the background, and once
 * the page's table is there, since the queue may have been waiting for a workbench page.
 */
export function serveFreshLinks(
  ctx: ContentScriptContext,
  model: PageModel,
  source: LinkSource,
  recollect: () => Promise<boolean>,
  onDone: (result: LinkRefreshResult) => void,
): { arrived: () => void; offer: () => void } {
  let busy = false;
  let retries = 0;
  /** A call that came while one was being answered: links that expired meanwhile. */
  let askedAgain = false;

  /**
   * Sends the links the page knows or fetches for the calls the queue waits on. Calls the
   * page gives links for only on demand are fetched the page's way, the next `ahead` of
   * them; the others are looked for in the query, read again first when `recollectFirst`.
   */
  const refresh = async (want: LinksWanted, recollectFirst: boolean) => {
    if (busy) {
      askedAgain = true;
      return;
    }
    if (!want.wanted.length || !ctx.isValid) return;
    busy = true;
    try {
      const recipeKnown = !!source.recipe.value;
      const onDemand = (id: string) => model.tapRecord(id)?.linkOnDemand ?? recipeKnown;
      const fetched = want.wanted.filter((id) => recipeKnown && onDemand(id));
      const fromList = want.wanted.filter((id) => !(recipeKnown && onDemand(id)));
      // A query that could not be read again (the page was still settling, say) is tried once
      // more shortly; meanwhile what the page shows now is sent. Reading it again is no use for
      // calls whose links the page gives only on demand.
      if (recollectFirst && fromList.some((id) => !onDemand(id)) && !(await recollect()) && retries++ < MAX_RETRIES)
        setTimeout(() => void ask(true), RETRY_MS);
      const links: FreshLink[] = [];
      const unavailable: UnavailableLink[] = [];
      const result: LinkRefreshResult = { refreshed: 0, notInQuery: 0, fetched: 0, needsClick: false };
      const wanted = new Set(want.wanted);
      for (const sessionId of [...fromList, ...want.welcome]) {
        const record = model.tapRecord(sessionId);
        // Its COS copy where the list gives that alone (a placeholder in RecordURL).
        const link = record ? recordingUrlOf(record) : null;
        if (link) {
          links.push({ sessionId, recordUrl: link });
          if (wanted.has(sessionId)) result.refreshed++;
        } else if (record?.linkOnDemand && wanted.has(sessionId)) {
          unavailable.push({ sessionId, reason: 'needs-click' });
          result.needsClick = true;
        } else if (wanted.has(sessionId)) result.notInQuery++;
      }
      for (const [sessionId, answer] of await source.fetchLinks(fetched.slice(0, want.ahead))) {
        if ('link' in answer) {
          links.push({ sessionId, recordUrl: answer.link });
          model.updateLink(sessionId, answer.link);
          result.fetched++;
        } else unavailable.push({ sessionId, reason: answer.unavailable });
      }
      if (links.length || unavailable.length) await send({ type: 'fresh-links', links, unavailable });
      onDone(result);
    } catch (error) {
      reportProblem('fresh-links', error);
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
    send({ type: 'links-wanted' })
      .then((want) => refresh(want, recollectFirst))
      .catch((error: unknown) => reportProblem('links-wanted', error));

  const listener = guarded('need-links', (raw: unknown, sender: { id?: string; tab?: unknown }, sendResponse: (taken: boolean) => void) => {
    // Only the extension's own background asks; a page or another extension cannot.
    if (sender.id !== browser.runtime.id || sender.tab || !isTabMessage(raw) || raw.type !== 'need-links') return;
    void refresh(raw, true);
    // Taken: the background need not ask another tab. Answered at once, not by a returned
    // promise, which content scripts' plain `chrome` ignores before Chrome 144.
    sendResponse(true);
  });
  browser.runtime.onMessage.addListener(listener);
  ctx.onInvalidated(() => browser.runtime.onMessage.removeListener(listener));

  return {
    /** The page's table is there: the queue may have been waiting for a workbench page to open. */
    arrived: () => void ask(true),
    /** After the user collected a query by hand, or the page was seen fetching a link: the queue may wait on what it can now give. */
    offer: () => void ask(false),
  };
}
