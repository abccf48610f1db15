import type { ReadonlySignal } from '@preact/signals';
import type { PageModel } from '../utils/page-model/page-model';
import type { FilterGroup } from '../utils/page-model/filters';
import { EMPTY_FILTER, isFilterEmpty } from '../utils/page-model/filters';
import { t } from '../utils/extension/i18n';
import { FilterChips } from './FilterChips';
import { byUser } from '../utils/helpers/user-action';

import { collectStatus, type CollectState } from './collect-status';

export type { CollectState };

export interface ToolbarProps {
  model: PageModel;
  collect: ReadonlySignal<CollectState>;
  message: ReadonlySignal<string>;
  onCollect: () => void;
  onCancelCollect: () => void;
  onDownload: () => void;
  /** Calls of the last download that were skipped as downloaded before; offered to download again. */
  downloadedBefore: ReadonlySignal<number>;
  onDownloadAgain: () => void;
  onCopyDiagnostics: () => void;
  /** The page gives links only when a recording is used, and has not been seen doing so yet. */
  linkHint: ReadonlySignal<boolean>;
  /** The tab was open before the extension was installed or updated, and only a reload brings the calls' data. */
  reloadNeeded: ReadonlySignal<boolean>;
  onReload: () => void;
}

/**
 * The bar above the records table: filters, counts, selection, collect and download. Only a
 * person's own click selects, collects or downloads (user-action.ts); filters take any.
 */
export function Toolbar(props: ToolbarProps) {
  const {
    model,
    collect,
    message,
    onCollect,
    onCancelCollect,
    onDownload,
    downloadedBefore,
    onDownloadAgain,
    onCopyDiagnostics,
    linkHint,
    reloadNeeded,
    onReload,
  } = props;
  const filter = model.filter.value;
  const { count: matchingCount, counts, values } = model.result.value;
  const total = model.inScope.value.length;
  const collected = model.collected.value;
  const selectedCount = model.selected.value.size;
  const state = collect.value;
  const status = collectStatus(state);

  const toggle = (group: FilterGroup, value: string) => {
    const current = filter.chips[group] ?? [];
    const next = current.includes(value) ? current.filter((v) => v !== value) : [...current, value];
    model.filter.value = { ...filter, chips: { ...filter.chips, [group]: next } };
  };

  const scope = collected ? t('scopeAll', collected.length) : t('scopePage');

  return (
    <section class="toolbar" aria-label={t('toolbarTitle')}>
      <div class="toolbar-head">
        <strong class="toolbar-title">{t('toolbarTitle')}</strong>
        <span class="match-count" data-testid="match-count" aria-live="polite">
          {t('matchCount', matchingCount, total, scope)}
        </span>
        <span class="spacer" />
        {state.phase === 'running' ? (
          <span class="collect-progress" data-testid="collect-progress" data-way={state.way ?? undefined} role="status">
            {status.text}
            <button type="button" class="tccc-button" data-testid="collect-cancel" onClick={byUser(onCancelCollect)}>
              {t('collectCancel')}
            </button>
          </span>
        ) : (
          <button type="button" class="tccc-button" data-testid="collect-all" onClick={byUser(onCollect)}>
            {t('collectAll')}
          </button>
        )}
        <button type="button" class="tccc-button" data-testid="copy-diagnostics" onClick={onCopyDiagnostics}>
          {t('copyDiagnostics')}
        </button>
      </div>

      <FilterChips filter={filter} counts={counts} values={values} onToggle={toggle} />

      <div class="toolbar-row">
        <label class="field">
          <span>{t('minDuration')}</span>
          <input
            type="number"
            min={0}
            step={1}
            inputMode="numeric"
            data-testid="min-duration"
            value={filter.minDuration || ''}
            onInput={(e) => (model.filter.value = { ...filter, minDuration: Math.max(0, Number(e.currentTarget.value) || 0) })}
          />
          <span>{t('seconds')}</span>
        </label>
        <label class="field search">
          <span class="visually-hidden">{t('searchLabel')}</span>
          <input
            type="search"
            data-testid="text-search"
            placeholder={t('searchPlaceholder')}
            value={filter.text}
            onInput={(e) => (model.filter.value = { ...filter, text: e.currentTarget.value })}
          />
        </label>
        <button
          type="button"
          class="tccc-button"
          data-testid="clear-filters"
          disabled={isFilterEmpty(filter)}
          onClick={() => (model.filter.value = EMPTY_FILTER)}
        >
          {t('clearFilters')}
        </button>
        <span class="spacer" />
        <button type="button" class="tccc-button" data-testid="select-matching" onClick={byUser(() => model.selectMatching())}>
          {t('selectMatching')}
        </button>
        {selectedCount > 0 && (
          <button type="button" class="tccc-button" data-testid="clear-selection" onClick={byUser(() => model.clearSelection())}>
            {t('clearSelection')}
          </button>
        )}
        <button
          type="button"
          class="tccc-button primary"
          data-testid="download-selected"
          disabled={selectedCount === 0}
          onClick={byUser(onDownload)}
        >
          {t('downloadSelected', selectedCount)}
        </button>
      </div>
      {reloadNeeded.value && (
        <p class="toolbar-hint" role="alert">
          {t('reloadHint')}{' '}
          <button type="button" class="tccc-button primary" data-testid="reload-page" onClick={onReload}>
            {t('reloadPage')}
          </button>
        </p>
      )}
      {!reloadNeeded.value && model.unboundRows.value > 0 && (
        <p class="toolbar-hint" role="note" data-testid="unbound-rows">
          {t('unboundRows', model.unboundRows.value)}
        </p>
      )}
      {linkHint.value && (
        <p class="toolbar-hint" role="note" data-testid="link-hint">
          {t('linkHint')}
        </p>
      )}
      {status.short && (
        <p class="toolbar-hint" role="alert" data-testid="collect-short">
          {status.text}
        </p>
      )}
      {(message.value || (state.phase !== 'running' && !status.short && status.text)) && (
        <p
          class="toolbar-message"
          role="status"
          data-testid="toolbar-message"
          data-way={!message.value && state.phase === 'done' ? state.way : undefined}
        >
          {message.value || status.text}
          {downloadedBefore.value > 0 && (
            <>
              {' '}
              <button type="button" class="tccc-button" data-testid="download-again" onClick={byUser(onDownloadAgain)}>
                {t('downloadAgain', downloadedBefore.value)}
              </button>
            </>
          )}
        </p>
      )}
    </section>
  );
}
