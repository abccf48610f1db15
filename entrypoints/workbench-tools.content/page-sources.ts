import type { Signal } from '@preact/signals';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { PageModel } from '../../utils/page-model/page-model';
import { createLinkSource } from './link-source';
import { createListSource } from './list-source';
import { createPageExchange } from './page-exchange';
import { receiveTap } from './tap-receiver';

/**
 * What the page itself tells: the records the tap forwards into the model, the page's list
 * request (to collect every page) and its link request (to fetch links on demand), both
 * learned from what the page asked.
 */
export function listenToPage(ctx: ContentScriptContext, model: PageModel, tapHref: Signal<string>) {
  /** Set once the link service is up; the tap may replay a link exchange before that. */
  let offerLinks = () => {};
  const exchange = createPageExchange(ctx);
  const linkSource = createLinkSource(
    ctx,
    exchange,
    (id) => !!model.tapRecord(id) || model.pageRecords.value.some((r) => r.sessionId === id),
  );
  const listSource = createListSource(exchange);
  const { stats: tapStats, askReplay } = receiveTap(ctx, {
    records: (records) => {
      tapHref.value = location.href;
      model.addTapList(records);
    },
    link: (sessionId, url) => model.updateLink(sessionId, url),
    list: (request, json, records) => listSource.learn(request, json, records),
    exchange: (request, json) => {
      listSource.heard(request, json);
      const learned = linkSource.learn(request, json);
      if (!learned) return;
      model.updateLink(learned.sessionId, learned.recordUrl);
      // The queue may be waiting for exactly this: the first recipe, or one that works again.
      if (learned.changed) offerLinks();
    },
  });
  return {
    linkSource,
    listSource,
    tapStats,
    /** Asks the tap for what it saw before these tools loaded: called in a task of its own. */
    askReplay,
    /** Who is told when the page shows how it fetches a link. */
    onLinkLearned: (offer: () => void) => (offerLinks = offer),
  };
}
