import { defineContentScript } from 'wxt/utils/define-content-script';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { render } from 'preact';
import { computed, effect, signal, untracked, type ReadonlySignal, type Signal } from '@preact/signals';
import { PageTools, type PageToolsProps } from '../../components/PageTools';
import { t } from '../../utils/extension/i18n';
import { tableCandidates, type RecordTable, type TableDiagnosis } from '../../utils/page-dom/table';
import { createPageModel, type PageModel } from '../../utils/page-model/page-model';
import { loadLastFilter, saveLastFilter } from '../../utils/page-model/filter-memory';
import { undecorate } from '../../utils/page-dom/row-decor';
import { pageNotice, type PageNotice } from '../../utils/page-model/page-notice';
import { watchRecordTable } from './table-watch';
import { createRowBinder, type RowBinder } from './rows';
import { serveFreshLinks, type LinkRefreshResult } from './link-refresh';
import { hasRecording } from '../../utils/record/record';
import { createToolsHost } from './host';
import { COLUMN_NAMES, setUserColumnNames } from '../../utils/page-dom/table-header';
import { loadColumnNames, watchColumnNames, type UserColumnNames } from '../../utils/settings/column-names';
import { guarded } from '../../utils/diagnostics/problems';
import { listenToPage } from './page-sources';
import { createCollectAll } from './collect-all';
import { createDownloadSelected } from './download-selected';
import { copyDiagnostics } from './copy-diagnostics';
import { WORKBENCH_MATCH } from '../../utils/extension/origins';

const EMPTY_GRACE_MS = 2000;
const ORPHAN_CHECK_MS = 1000;

/**
 * The tools arrive when the page is already busy showing its records: reading what the tap
 * saw, rendering the bar and binding the rows each get a task of their own, so none of
 * them adds up to a long task on the page.
 */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** What the tools know of the page's view: its records table, or why there is none, and its rows. */
function createView() {
  return {
    table: signal<RecordTable | null>(null),
    diagnosis: signal<TableDiagnosis | null>(null),
    rowCount: signal(0),
    emptyConfirmed: signal(false),
    /** Where the tap last saw call records: the view at that address has records. */
    tapHref: signal(''),
    /** What the bar says of the last action. */
    message: signal(''),
  };
}
type View = ReturnType<typeof createView>;

/** Loaded by the background into a frame where `workbench.content` saw call records. */
export default defineContentScript({
  matches: [WORKBENCH_MATCH],
  registration: 'runtime',
  async main(ctx) {
    const model = createPageModel();
    const view = createView();
    const { table, diagnosis, rowCount, message } = view;
    const page = listenToPage(ctx, model, view.tapHref);

    await nextTask();
    page.askReplay();
    await nextTask();
    const notice = computed(() =>
      pageNotice(
        {
          table: !!table.value,
          emptyConfirmed: view.emptyConfirmed.value,
          diagnosis: diagnosis.value,
          recordsHere: view.tapHref.value === location.href,
        },
        // What it did recognise, so the user sees which column the page calls otherwise.
        () => tableCandidates(document)[0]?.found.map((key) => COLUMN_NAMES[key][0]!) ?? [],
      ),
    );

    const collectAll = createCollectAll(model, page.listSource);
    const startCollect = () => collectAll.start(table.value);
    const downloads = createDownloadSelected(model, message);
    const rows = createRowBinder(model, rowCount, (target, type, fn, options) =>
      ctx.addEventListener(target as Document, type as 'change', fn, options),
    );
    const links = serveFreshLinks(ctx, model, page.linkSource, startCollect, (result) => {
      const note = linkRefreshNote(result);
      if (note) message.value = note;
    });
    page.onLinkLearned(links.offer);
    const { reloadNeeded, linkHint } = barHints(model, page, rowCount);
    const diagnosticsFrom = { model, diagnosis, rowCount, ...page, lastCollect: collectAll.last };
    const onCopyDiagnostics = guarded('diagnostics', () => copyDiagnostics(diagnosticsFrom, message));

    const { host, container } = createToolsHost();
    const toolsProps: PageToolsProps = {
      table,
      notice,
      model,
      collect: collectAll.state,
      message,
      onCollect: guarded('collect', () => void startCollect().then((done) => done && links.offer())),
      onCancelCollect: guarded('collect', () => collectAll.cancel()),
      onDownload: guarded('download', () => void downloads.download()),
      downloadedBefore: downloads.downloadedBeforeCount,
      onDownloadAgain: guarded('download', () => void downloads.downloadAgain()),
      onCopyDiagnostics,
      linkHint,
      reloadNeeded,
      onReload: () => location.reload(),
    };

    const place = placement(host, table, notice);
    const afterRows = emptyTableTimer(view, place);
    // Header names the user gave in the options: read before the table is looked for.
    setUserColumnNames(await loadColumnNames());
    const watcher = followTable(ctx, view, rows, links.arrived, afterRows);

    // Applied at once when they change.
    ctx.onInvalidated(
      watchColumnNames(
        guarded('column-names', (names: UserColumnNames) => {
          setUserColumnNames(names);
          watcher.recheck(true);
        }),
      ),
    );
    // The rows are bound: the bar gets a task of its own, and so do the watchers below.
    await nextTask();
    render(<PageTools {...toolsProps} />, container);
    await nextTask();

    // Another view is another query: what was collected is not its own.
    const forgetQuery = () => {
      model.collected.value = null;
      collectAll.cancel();
    };
    ctx.addEventListener(window, 'wxt:locationchange', guarded('navigation', forgetQuery));
    // The tap brought records: the table may now be found, and rows tied to their calls.
    const rejoin = () => {
      watcher.recheck();
      rows.bind(table.value);
      place();
    };
    followChanges(model, rejoin, rows.paint, notice, place, rows.boundTapVersion);

    // The last filter choice comes back on the next visit.
    model.filter.value = await loadLastFilter();
    effect(guarded('filter-memory', () => void saveLastFilter(model.filter.value)));

    leaveWhenOrphaned(ctx, host, container);
  },
});

/** What the bar says of the queue's call for links, if anything. */
function linkRefreshNote({ refreshed, notInQuery, fetched, needsClick }: LinkRefreshResult): string | null {
  if (needsClick) return t('linkHint');
  if (notInQuery) return t('linksRefreshedSome', refreshed, notInQuery);
  if (refreshed) return t('linksRefreshed', refreshed);
  if (fetched) return t('linksFetched', fetched);
  return null;
}

/** What the bar asks the user to do: reload the page, or play one recording. */
function barHints(model: PageModel, page: ReturnType<typeof listenToPage>, rowCount: ReadonlySignal<number>) {
  return {
    /**
     * Put into a tab that was open when the extension was installed or updated, the tap missed
     * the page's list response: rows known from the table alone cannot be downloaded. It heals
     * by itself when the page fetches its list again (paging, a new query); until then a
     * reload is the one way forward.
     */
    reloadNeeded: computed(() => !page.tapStats.early && model.tapVersion.value === 0 && rowCount.value > 0),
    /** Calls on this page whose links the page gives only on demand, while it has not been seen doing so. */
    linkHint: computed(
      () => !page.linkSource.recipe.value && model.inScope.value.some((r) => r.linkOnDemand && !r.recordUrl && hasRecording(r)),
    ),
  };
}

/** Binds the rows of the records table as it comes, goes and redraws; `firstTable`: the first time one is there. */
function followTable(ctx: ContentScriptContext, view: View, rows: RowBinder, firstTable: () => void, afterRows: () => void) {
  let linksAsked = false;
  return watchRecordTable(
    ctx,
    (found, why) => {
      if (found && !linksAsked) {
        linksAsked = true;
        queueMicrotask(firstTable);
      }
      view.table.value = found;
      view.diagnosis.value = why;
      rows.bind(found);
      afterRows();
    },
    () => {
      rows.bind(view.table.value);
      afterRows();
    },
  );
}

/**
 * Puts the tools above the table when there is one; otherwise at the end of the body, where
 * the notice floats in a corner and covers nothing; and takes them away with nothing to show.
 */
function placement(host: HTMLElement, table: ReadonlySignal<RecordTable | null>, notice: ReadonlySignal<PageNotice | null>) {
  return () => {
    if (!table.value && !notice.value) return host.remove();
    const anchor = table.value?.anchor ?? document.body;
    if (table.value) {
      if (host.nextElementSibling !== anchor) anchor.before(host);
    } else if (host.parentElement !== anchor) anchor.append(host);
  };
}

/** After the rows change: a table that stays empty for a moment (not one drawing its rows) is said to be empty. */
function emptyTableTimer(view: Pick<View, 'table' | 'rowCount'> & { emptyConfirmed: Signal<boolean> }, place: () => void) {
  let emptyTimer: ReturnType<typeof setTimeout> | undefined;
  return () => {
    clearTimeout(emptyTimer);
    if (view.table.value && view.rowCount.value === 0) emptyTimer = setTimeout(() => (view.emptyConfirmed.value = true), EMPTY_GRACE_MS);
    else view.emptyConfirmed.value = false;
    place();
  };
}

/** Repaint rows when the filter or selection changes; re-join when the tap brings records; place the host as the notice comes and goes. */
function followChanges(
  model: PageModel,
  onTapRecords: () => void,
  paint: () => void,
  notice: ReadonlySignal<PageNotice | null>,
  place: () => void,
  boundTapVersion: () => number,
) {
  effect(
    guarded('paint', () => {
      void model.filter.value;
      void model.selected.value;
      paint();
    }),
  );
  effect(
    guarded('place', () => {
      void notice.value;
      untracked(place);
    }),
  );
  // The tap hands records over inside the page's own task that fetched them, before the page
  // draws them: binding there would lengthen the page's task for rows about to be replaced.
  let scheduled = false;
  const rejoin = guarded('tap-records', () => {
    scheduled = false;
    // Rows bound since these records came need no second binding (the page drew them meanwhile, say).
    if (model.tapVersion.peek() !== boundTapVersion()) onTapRecords();
  });
  effect(
    guarded('tap-records', () => {
      if (model.tapVersion.value === boundTapVersion() || scheduled) return;
      scheduled = true;
      setTimeout(rejoin, 0);
    }),
  );
}

/**
 * An install or update orphans this script without telling it: looking now and then makes
 * its bar and row boxes go at once instead of lingering half-working.
 */
function leaveWhenOrphaned(ctx: ContentScriptContext, host: HTMLElement, container: HTMLElement) {
  ctx.setInterval(() => {}, ORPHAN_CHECK_MS);
  ctx.onInvalidated(() => {
    undecorate(document);
    render(null, container);
    host.remove();
  });
}
