import { defineContentScript } from 'wxt/utils/define-content-script';
import { render } from 'preact';
import { computed, effect, signal, untracked } from '@preact/signals';
import { browser } from 'wxt/browser';
import { Toolbar, type CollectState } from '../../components/Toolbar';
import { Notice } from '../../components/Notice';
import { t } from '../../utils/i18n';
import { tableCandidates, type RecordTable } from '../../utils/table';
import { diagnosticsReport } from '../../utils/diagnostics';
import { createPageModel } from '../../utils/page-model';
import { loadLastFilter, saveLastFilter } from '../../utils/filter-memory';
import type { EnqueueReply } from '../../utils/messages';
import { sendEnqueue } from '../../utils/enqueue-upload';
import { undecorate } from '../../utils/row-decor';
import { watchRecordTable } from './table-watch';
import { receiveTap } from './tap-receiver';
import { createRowBinder } from './rows';
import { collectQuery } from './collect-query';
import { createPageExchange } from './page-exchange';
import { createListSource } from './list-source';
import { serveFreshLinks } from './link-refresh';
import { createLinkSource } from './link-source';
import { recipeShape } from '../../utils/link-recipe';
import { hasRecording, type CallRecord } from '../../utils/record';
import { createToolsHost } from './host';
import { COLUMN_NAMES, setUserColumnNames } from '../../utils/table-header';
import { loadColumnNames, watchColumnNames, type UserColumnNames } from '../../utils/column-names';
import { guarded, recentProblems } from '../../utils/problems';

const EMPTY_GRACE_MS = 2000;
const ORPHAN_CHECK_MS = 1000;

/**
 * The tools arrive when the page is already busy showing its records: reading what the tap
 * saw, rendering the bar and binding the rows each get a task of their own, so none of
 * them adds up to a long task on the page.
 */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Loaded by the background into a frame where `workbench.content` saw call records. */
export default defineContentScript({
  matches: ['https://tccc.qcloud.com/*'],
  registration: 'runtime',
  async main(ctx) {
    const model = createPageModel();
    const table = signal<RecordTable | null>(null);
    const diagnosis = signal('');
    const rowCount = signal(0);
    const emptyConfirmed = signal(false);
    /** Where the tap last saw call records: the view at that address has records. */
    const tapHref = signal('');
    const collect = signal<CollectState>({ phase: 'idle' });
    const message = signal('');
    let collectAbort: AbortController | null = null;

    /** Set once the link service is up; the tap may replay a link exchange before that. */
    let offerLinks = () => {};
    const exchange = createPageExchange(ctx);
    const linkSource = createLinkSource(ctx, exchange, (id) => !!model.tapRecord(id) || model.pageRecords.value.some((r) => r.sessionId === id));
    const listSource = createListSource(exchange);
    const tapStats = receiveTap(ctx, {
      records: (records) => {
        tapHref.value = location.href;
        model.addTapList(records);
      },
      link: (sessionId, url) => model.updateLink(sessionId, url),
      list: (request, json, records) => listSource.learn(request, json, records),
      exchange: (request, json) => {
        const learned = linkSource.learn(request, json);
        if (!learned) return;
        model.updateLink(learned.sessionId, learned.recordUrl);
        // The queue may be waiting for exactly this: the first recipe, or one that works again.
        if (learned.changed) offerLinks();
      },
    });

    await nextTask();
    const notice = computed(() => {
      if (table.value) return emptyConfirmed.value ? t('noticeNoRows') : null;
      const missing = diagnosis.value.replace(/^missing-headers:\s*/, '');
      if (diagnosis.value.startsWith('missing-headers')) {
        // What it did recognise, so the user sees which column the page calls otherwise.
        const found = tableCandidates(document)[0]?.found.map((key) => COLUMN_NAMES[key][0]) ?? [];
        return found.length ? `${t('noticeNoTable', missing)} ${t('noticeFoundHeaders', found.join(', '))}` : t('noticeNoTable', missing);
      }
      // Compared when the view changes (the table comes or goes), so another view never inherits it.
      if (tapHref.value === location.href) return t('noticeRecordsNoTable', missing || '时间, 主叫号码, 被叫号码');
      return null;
    });

    const copyDiagnostics = guarded('diagnostics', () => {
      const report = diagnosticsReport({
        version: browser.runtime.getManifest().version,
        userAgent: navigator.userAgent,
        url: location.href,
        table: diagnosis.value,
        tables: tableCandidates(document),
        responses: tapStats.shapes,
        records: { normalized: tapStats.records, dropped: tapStats.dropped },
        tap: { early: tapStats.early, records: model.tapVersion.value > 0 },
        view: { rows: rowCount.value, unbound: model.unboundRows.value, selected: model.selected.value.size, collected: model.collected.value?.length ?? null },
        links: {
          onDemand: model.universe.value.filter((r) => r.linkOnDemand && !r.recordUrl).length,
          recipe: linkSource.recipe.value && recipeShape(linkSource.recipe.value),
        },
        list: { recipe: listSource.shape(), collect: lastCollect },
        problems: recentProblems(),
      });
      void navigator.clipboard.writeText(report).then(
        () => (message.value = t('diagnosticsCopied')),
        () => console.info(report),
      );
    });

    /** Calls of the last selection sent that were downloaded before: the bar offers to download them again. */
    const downloadedBefore = signal<CallRecord[]>([]);
    const enqueue = (records: CallRecord[], force: boolean): Promise<EnqueueReply> =>
      sendEnqueue(records, (part) => browser.runtime.sendMessage(part), { pageUrl: location.href, force });
    const download = async () => {
      // The freshest record of each call: a link may have come since it was selected.
      const records = [...model.selected.value.values()].map((r) => model.tapRecord(r.sessionId) ?? r);
      downloadedBefore.value = [];
      const reply = await enqueue(records, false);
      if (!reply.ok) return void (message.value = t('downloadFailed', reply.error));
      const before = new Set(reply.downloadedBefore);
      downloadedBefore.value = records.filter((r) => before.has(r.sessionId));
      message.value = before.size ? t('downloadSkippedBefore', reply.accepted, before.size) : t('downloadSent', reply.accepted);
    };
    const downloadedBeforeCount = computed(() => downloadedBefore.value.length);
    const downloadAgain = async () => {
      const records = downloadedBefore.value;
      downloadedBefore.value = [];
      const reply = await enqueue(records, true);
      message.value = reply.ok ? t('downloadSent', reply.accepted) : t('downloadFailed', reply.error);
    };

    const rows = createRowBinder(model, rowCount, (target, type, fn, options) => ctx.addEventListener(target as Document, type as 'change', fn, options));

    let collecting: Promise<boolean> | null = null;
    /** How the last collect-all went, for diagnostics. */
    let lastCollect: { way: string; fellBack: string | null; count: number; total: number | null } | null = null;
    /** Every page of the current query; a second caller shares the run under way. */
    const startCollect = (): Promise<boolean> => {
      const current = table.value;
      if (!current) return Promise.resolve(false);
      collecting ??= (async () => {
        collectAbort = new AbortController();
        collect.value = { phase: 'running', way: 'replay', page: 0, count: 0, total: null };
        collect.value = await collectQuery(current, model, listSource, collectAbort.signal, (progress) => {
          collect.value = { phase: 'running', ...progress };
        }).then(
          ({ records, way, total, fellBack }) => {
            model.collected.value = records;
            lastCollect = { way, fellBack, count: records.length, total };
            return { phase: 'done' as const, way, count: records.length, total };
          },
          (error: Error) => ({ phase: 'failed' as const, reason: error.message }),
        );
        collectAbort = null;
        collecting = null;
        return collect.value.phase === 'done';
      })();
      return collecting;
    };

    const links = serveFreshLinks(ctx, model, linkSource, startCollect, ({ refreshed, notInQuery, fetched, needsClick }) => {
      if (needsClick) message.value = t('linkHint');
      else if (notInQuery) message.value = t('linksRefreshedSome', refreshed, notInQuery);
      else if (refreshed) message.value = t('linksRefreshed', refreshed);
      else if (fetched) message.value = t('linksFetched', fetched);
    });
    offerLinks = links.offer;
    /**
     * Put into a tab that was open when the extension was installed or updated, the tap missed
     * the page's list response: rows known from the table alone cannot be downloaded. It heals
     * by itself when the page fetches its list again (paging, a new query); until then a
     * reload is the one way forward.
     */
    const reloadNeeded = computed(() => !tapStats.early && model.tapVersion.value === 0 && rowCount.value > 0);
    /** Calls on this page whose links the page gives only on demand, while it has not been seen doing so. */
    const linkHint = computed(() => !linkSource.recipe.value && model.universe.value.some((r) => r.linkOnDemand && !r.recordUrl && hasRecording(r)));

    const App = () => (
      <div class="tccc-root">
        {notice.value && <Notice message={notice.value} floating={!table.value} onCopyDiagnostics={copyDiagnostics} />}
        {table.value && (
          <Toolbar
            model={model}
            collect={collect}
            message={message}
            onCollect={guarded('collect', () => void startCollect().then((done) => done && links.offer()))}
            onCancelCollect={guarded('collect', () => collectAbort?.abort())}
            onDownload={guarded('download', () => void download())}
            downloadedBefore={downloadedBeforeCount}
            onDownloadAgain={guarded('download', () => void downloadAgain())}
            onCopyDiagnostics={copyDiagnostics}
            linkHint={linkHint}
            reloadNeeded={reloadNeeded}
            onReload={() => location.reload()}
          />
        )}
      </div>
    );

    const { host, container } = createToolsHost();
    render(<App />, container);
    await nextTask();

    // Above the table when there is one; otherwise at the end of the body, where the
    // notice floats in a corner and covers nothing.
    const place = () => {
      if (!table.value && !notice.value) return host.remove();
      const anchor = table.value?.anchor ?? document.body;
      if (table.value) {
        if (host.nextElementSibling !== anchor) anchor.before(host);
      } else if (host.parentElement !== anchor) anchor.append(host);
    };

    let emptyTimer: ReturnType<typeof setTimeout> | undefined;
    const afterRows = () => {
      clearTimeout(emptyTimer);
      if (table.value && rowCount.value === 0) emptyTimer = setTimeout(() => (emptyConfirmed.value = true), EMPTY_GRACE_MS);
      else emptyConfirmed.value = false;
      place();
    };

    // Header names the user gave in the options: read before the table is looked for, and
    // applied at once when they change.
    setUserColumnNames(await loadColumnNames());
    let linksAsked = false;
    const watcher = watchRecordTable(
      ctx,
      (found, why) => {
        if (found && !linksAsked) {
          linksAsked = true;
          queueMicrotask(links.arrived);
        }
        table.value = found;
        diagnosis.value = why;
        rows.bind(found);
        afterRows();
      },
      () => {
        rows.bind(table.value);
        afterRows();
      },
    );

    ctx.onInvalidated(
      watchColumnNames(
        guarded('column-names', (names: UserColumnNames) => {
          setUserColumnNames(names);
          watcher.recheck(true);
        }),
      ),
    );

    ctx.addEventListener(
      window,
      'wxt:locationchange',
      guarded('navigation', () => {
        model.collected.value = null;
        collectAbort?.abort();
      }),
    );

    // Repaint rows when the filter or selection changes; re-join when the tap brings records.
    effect(
      guarded('paint', () => {
        void model.filter.value;
        void model.selected.value;
        rows.paint();
      }),
    );
    // The host comes and goes with what it has to show.
    effect(
      guarded('place', () => {
        void notice.value;
        untracked(place);
      }),
    );
    effect(
      guarded('tap-records', () => {
        void model.tapVersion.value;
        untracked(() => {
          watcher.recheck();
          rows.bind(table.value);
          place();
        });
      }),
    );

    // The last filter choice comes back on the next visit.
    model.filter.value = await loadLastFilter();
    effect(guarded('filter-memory', () => void saveLastFilter(model.filter.value)));

    // An install or update orphans this script without telling it: looking now and then makes
    // its bar and row boxes go at once instead of lingering half-working.
    ctx.setInterval(() => {}, ORPHAN_CHECK_MS);
    ctx.onInvalidated(() => {
      undecorate(document);
      render(null, container);
      host.remove();
    });
  },
});
