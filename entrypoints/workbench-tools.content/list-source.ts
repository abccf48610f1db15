import type { PageRequest, TapAnswer } from '../../utils/page-requests/tap';
import {
  learnListRecipe,
  listRecipeShape,
  endpointOf,
  refusalDetail,
  totalInAnswer,
  type ListRecipe,
} from '../../utils/page-requests/list-recipe';
import { answerRefused } from '../../utils/page-requests/link-recipe';
import { collectByReplay, type ReplayResult } from '../../utils/page-requests/collect-replay';
import { answerRecords } from '../../utils/page-json/answer-records';
import type { CallRecord } from '../../utils/record/record';

/** The page may fetch other lists of calls too (a dashboard's latest calls): a few are kept. */
const KEPT = 5;

/**
 * Collect-all's fast way: the page's list request, learned from the tap's exchanges
 * (list-recipe.ts), repeated in the page for every page of the current query
 * (collect-replay.ts). The records go through the same normalizer as the tap's.
 */
export function createListSource(exchange: (request: PageRequest) => Promise<TapAnswer>) {
  let recipes: ListRecipe[] = [];
  /** The server's words when it last refused the page's own list request, until the page lists there again. */
  let refusal: { endpoint: string; detail: string } | null = null;

  return {
    learn(request: PageRequest, json: unknown, records: CallRecord[]): void {
      const recipe = learnListRecipe(
        request,
        json,
        records.map((r) => r.sessionId),
        location.href,
      );
      if (recipe) recipes = [...recipes, recipe].slice(-KEPT);
      if (refusal?.endpoint === endpointOf(request, location.href)) refusal = null;
    },

    /** An answer without records: perhaps the page's list request refused (a range over 90 days), the table left showing the previous query. */
    heard(request: PageRequest, json: unknown): void {
      const newest = recipes[recipes.length - 1];
      const endpoint = endpointOf(request, location.href);
      if (newest && endpoint && endpoint === endpointOf(newest, location.href) && answerRefused(json))
        refusal = { endpoint, detail: refusalDetail(json) };
    },

    /** What the server said when it refused the page's latest query, while the table still shows an older one. */
    refusal: () => refusal?.detail ?? null,

    /** The request that brought the rows on screen: the newest whose calls include every row's. */
    current(onScreen: string[]): ListRecipe | null {
      for (let i = recipes.length - 1; i >= 0; i--) {
        const seen = new Set(recipes[i]!.seen.ids);
        if (onScreen.every((id) => seen.has(id))) return recipes[i]!;
      }
      return null;
    },

    /** For diagnostics: where the newest list request puts the page and its size, no values. */
    shape() {
      const newest = recipes[recipes.length - 1];
      return newest ? listRecipeShape(newest) : null;
    },

    collect(
      recipe: ListRecipe,
      opts: { signal: AbortSignal; currentPage: number | null; onProgress: (count: number, total: number | null) => void },
    ): Promise<ReplayResult<CallRecord>> {
      const href = location.href;
      return collectByReplay(recipe, {
        ask: exchange,
        read: (json) => {
          const { records, found } = answerRecords(json, href);
          return { records, total: totalInAnswer(json, found) };
        },
        idOf: (r) => r.sessionId,
        sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
        now: () => Date.now(),
        ...opts,
      });
    },
  };
}

export type ListSource = ReturnType<typeof createListSource>;
