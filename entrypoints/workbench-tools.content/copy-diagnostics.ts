import type { ReadonlySignal, Signal } from '@preact/signals';
import { browser } from 'wxt/browser';
import { diagnosticsReport } from '../../utils/diagnostics/diagnostics';
import { t } from '../../utils/extension/i18n';
import { recipeShape } from '../../utils/page-requests/link-recipe';
import type { PageModel } from '../../utils/page-model/page-model';
import { recentProblems } from '../../utils/diagnostics/problems';
import { diagnosisText, tableCandidates, type TableDiagnosis } from '../../utils/page-dom/table';
import type { LastCollect } from './collect-all';
import type { LinkSource } from './link-source';
import type { ListSource } from './list-source';
import type { TapStats } from './tap-receiver';

interface DiagnosticsSources {
  model: PageModel;
  diagnosis: ReadonlySignal<TableDiagnosis | null>;
  rowCount: ReadonlySignal<number>;
  tapStats: TapStats;
  linkSource: LinkSource;
  listSource: ListSource;
  lastCollect: () => LastCollect | null;
}

/** 复制诊断信息: the report of what the helper saw goes to the clipboard (to the console where the clipboard refuses). */
export function copyDiagnostics(s: DiagnosticsSources, message: Signal<string>): void {
  const { model, tapStats } = s;
  const report = diagnosticsReport({
    version: browser.runtime.getManifest().version,
    userAgent: navigator.userAgent,
    url: location.href,
    table: s.diagnosis.value ? diagnosisText(s.diagnosis.value) : '',
    tables: tableCandidates(document),
    responses: tapStats.shapes,
    records: { normalized: tapStats.records, dropped: tapStats.dropped },
    tap: { early: tapStats.early, records: model.tapVersion.value > 0 },
    view: {
      rows: s.rowCount.value,
      unbound: model.unboundRows.value,
      selected: model.selected.value.size,
      collected: model.collected.value?.length ?? null,
    },
    links: {
      onDemand: model.inScope.value.filter((r) => r.linkOnDemand && !r.recordUrl).length,
      recipe: s.linkSource.recipe.value && recipeShape(s.linkSource.recipe.value),
    },
    list: { recipe: s.listSource.shape(), collect: s.lastCollect() },
    problems: recentProblems(),
  });
  void navigator.clipboard.writeText(report).then(
    () => (message.value = t('diagnosticsCopied')),
    () => console.info(report),
  );
}
