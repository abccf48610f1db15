import { signal } from '@preact/signals';
import type { CollectState } from '../../components/collect-status';
import type { PageModel } from '../../utils/page-model/page-model';
import { singleFlight } from '../../utils/helpers/single-flight';
import type { RecordTable } from '../../utils/page-dom/table';
import { collectQuery, type CollectOutcome } from './collect-query';
import type { ListSource } from './list-source';

/** How the last collect-all went, for diagnostics. */
export interface LastCollect {
  way: string;
  fellBack: CollectOutcome['fellBack'];
  count: number;
  total: number | null;
}

/**
 * 收集全部页: every page of the current query into `model.collected`, with its progress for
 * the bar. A second start while one runs (the bar and the link refresh) shares the run under way.
 */
export function createCollectAll(model: PageModel, listSource: ListSource) {
  const state = signal<CollectState>({ phase: 'idle' });
  let abort: AbortController | null = null;
  let last: LastCollect | null = null;

  const run = singleFlight(async (table: RecordTable): Promise<boolean> => {
    abort = new AbortController();
    state.value = { phase: 'running', way: null, page: 0, count: 0, total: null };
    state.value = await collectQuery(table, model, listSource, abort.signal, (progress) => {
      state.value = { phase: 'running', ...progress };
    }).then(
      // Filing the calls and counting them for the bar are each a task's work at 10,000.
      async ({ records, way, total, fellBack }) => {
        await new Promise<void>((resolve) => setTimeout(resolve, 0));
        model.collected.value = records;
        last = { way, fellBack, count: records.length, total };
        return { phase: 'done' as const, way, count: records.length, total };
      },
      (error: Error & { detail?: string }) => ({ phase: 'failed' as const, reason: error.message, detail: error.detail }),
    );
    abort = null;
    return state.value.phase === 'done';
  });

  return {
    state,
    /** Whether every page was collected; false at once without a table. */
    start: (table: RecordTable | null): Promise<boolean> => (table ? run(table) : Promise.resolve(false)),
    cancel: () => abort?.abort(),
    last: () => last,
  };
}
