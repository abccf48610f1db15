import { signal } from '@preact/signals';
import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { answerRefused, learnLinkRecipe, linkInAnswer, linkRequest, type LinkRecipe } from '../../utils/page-requests/link-recipe';
import { isLinkRecipe, isTabMessage, type LinkUnavailableReason } from '../../utils/extension/messages';
import { send } from '../../utils/extension/send';
import { recordingLink } from '../../utils/page-json/recording-link';
import { workbenchAppOf } from '../../utils/extension/origins';
import type { PageRequest, TapAnswer } from '../../utils/page-requests/tap';

export type LinkResult = { link: string } | { unavailable: Exclude<LinkUnavailableReason, 'needs-click'> };

/** Link requests in flight at once: the page's own endpoint, asked politely. */
const PARALLEL = 3;
const RETRY_DELAYS_MS = [1_000, 3_000];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Links on demand: learns from the page's own exchanges how it fetches one call's link
 * (see link-recipe.ts), keeps that recipe for the browser session through the background,
 * and fetches links for other calls by having the tap repeat the request in the page. A
 * recipe belongs to the workbench app (SdkAppId) it was learned on: after the page moves
 * to another app, that app's own is asked for.
 */
export function createLinkSource(
  ctx: ContentScriptContext,
  exchange: (request: PageRequest) => Promise<TapAnswer>,
  isKnownCall: (sessionId: string) => boolean,
) {
  const recipe = signal<LinkRecipe | null>(null);
  let app = workbenchAppOf(location.href);

  // A recipe another workbench tab of this app (or this one, before a reload) learned.
  const askKnown = () => {
    const askedFor = app;
    send({ type: 'known-link-recipe' })
      .then((known: unknown) => {
        if (!recipe.value && askedFor === app && isLinkRecipe(known)) recipe.value = known;
      })
      .catch(() => {});
  };
  askKnown();
  ctx.addEventListener(window, 'wxt:locationchange', () => {
    if (workbenchAppOf(location.href) === app) return;
    app = workbenchAppOf(location.href);
    recipe.value = null;
    askKnown();
  });

  // A recipe another workbench tab of the same app learned meanwhile.
  const recipeShared = (raw: unknown, sender: { id?: string; tab?: unknown }) => {
    if (
      sender.id === browser.runtime.id &&
      !sender.tab &&
      isTabMessage(raw) &&
      raw.type === 'link-recipe' &&
      (raw.sdkAppId ?? null) === app
    )
      recipe.value = raw.recipe;
    return undefined;
  };
  browser.runtime.onMessage.addListener(recipeShared);
  ctx.onInvalidated(() => browser.runtime.onMessage.removeListener(recipeShared));

  /** One call's link; what the server could not answer now is asked again a little later. */
  async function fetchLink(current: LinkRecipe, sessionId: string): Promise<LinkResult> {
    for (let attempt = 0; ; attempt++) {
      const { status, body } = await exchange(linkRequest(current, sessionId));
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        json = undefined;
      }
      // An error in a 200 answer (the login expired, say) is a failed request, not "no recording".
      if (json !== undefined && answerRefused(json)) return { unavailable: 'request-failed' };
      const link = json === undefined ? null : linkInAnswer(json, sessionId);
      const safe = recordingLink(link);
      if (safe) return { link: safe };
      // An answer that simply holds no link (such a call has no recording, or the link is not ours to take).
      if (json !== undefined && ((status >= 200 && status < 300) || status === 404)) return { unavailable: 'no-link' };
      const transient = status === 0 || status === 429 || status >= 500;
      if (!transient || attempt >= RETRY_DELAYS_MS.length || !ctx.isValid) return { unavailable: 'request-failed' };
      await sleep(RETRY_DELAYS_MS[attempt]!);
    }
  }

  return {
    /** Whether this page has been seen fetching a link, so links can be fetched for any call. */
    recipe,

    /**
     * A page exchange: if it fetched one call's link, how it did so is learned. `changed`:
     * the recipe is new (the first, or the page now asks otherwise, after a new login say).
     */
    learn(request: PageRequest, json: unknown): { sessionId: string; recordUrl: string; changed: boolean } | null {
      const learned = learnLinkRecipe(request, json, isKnownCall);
      if (!learned) return null;
      const changed = JSON.stringify(learned.recipe) !== JSON.stringify(recipe.value);
      if (changed) {
        recipe.value = learned.recipe;
        void send({ type: 'link-recipe', recipe: learned.recipe }).catch(() => {});
      }
      return { sessionId: learned.sessionId, recordUrl: learned.recordUrl, changed };
    },

    /** Links for these calls, a few requests at a time, in their order. */
    async fetchLinks(sessionIds: string[]): Promise<Map<string, LinkResult>> {
      const results = new Map<string, LinkResult>();
      const current = recipe.value;
      if (!current) return results;
      let next = 0;
      const worker = async () => {
        while (next < sessionIds.length && ctx.isValid) {
          const id = sessionIds[next++]!;
          results.set(id, await fetchLink(current, id));
        }
      };
      await Promise.all(Array.from({ length: Math.min(PARALLEL, sessionIds.length) }, worker));
      return results;
    },
  };
}

export type LinkSource = ReturnType<typeof createLinkSource>;
