import type { RecordTable } from '../../utils/page-dom/table';
import { currentPageNumber, findPager } from '../../utils/page-dom/table-pager';
import { ReplayRefused } from '../../utils/page-requests/collect-replay';
import { CollectError } from '../../utils/page-dom/collect';
import type { PageModel } from '../../utils/page-model/page-model';
import type { CallRecord } from '../../utils/record/record';
import { runCollect } from './collect-run';
import type { ListSource } from './list-source';
import type { CollectWay } from '../../components/collect-status';

export interface CollectProgress {
  way: CollectWay;
  /** The pager's page reached (0 while repeating the list request). */
  page: number;
  count: number;
  total: number | null;
}

export interface CollectOutcome {
  records: CallRecord[];
  way: CollectWay;
  /** What the page says the query holds, where it says so: the check on what was collected. */
  total: number | null;
  /** Why the list request could not be repeated, when the pager was driven instead. */
  fellBack: ReplayRefused['why'] | 'not-learned' | null;
}

/**
 * Every record of the page's current query: by the page's own list request, learned from
 * the request that brought the rows on screen, at the largest page size and with the table
 * left alone; where that cannot be repeated, by the page's pager as a person would page.
 */
export async function collectQuery(
  table: RecordTable,
  model: PageModel,
  lists: ListSource,
  signal: AbortSignal,
  onProgress: (progress: CollectProgress) => void,
): Promise<CollectOutcome> {
  // The table still shows an older query than the one the user asked for: collecting it would pass it off as theirs.
  const refused = lists.refusal();
  if (refused !== null) throw new CollectError('query-refused', refused);
  const recipe = lists.current(model.pageRecords.value.map((r) => r.sessionId));
  let fellBack: CollectOutcome['fellBack'] = 'not-learned';
  if (recipe) {
    try {
      const pager = findPager(table.anchor);
      const result = await lists.collect(recipe, {
        signal,
        currentPage: pager ? currentPageNumber(pager) : null,
        onProgress: (count, total) => onProgress({ way: 'replay', page: 0, count, total }),
      });
      // The page's own data, as the tap would have seen it had the page paged: the freshest
      // links of every call (the queue's expired ones are answered from here).
      model.addTapRecords(result.records);
      return { records: result.records, way: 'replay', total: result.total, fellBack: null };
    } catch (error) {
      if (!(error instanceof ReplayRefused)) throw error;
      fellBack = error.why;
    }
  }
  onProgress({ way: 'pager', page: 1, count: 0, total: recipe?.seen.total ?? null });
  const records = await runCollect(table, model, signal, (page, count) =>
    onProgress({ way: 'pager', page, count, total: recipe?.seen.total ?? null }),
  );
  return { records, way: 'pager', total: recipe?.seen.total ?? null, fellBack };
}
