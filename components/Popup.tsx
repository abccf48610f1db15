import type { ReadonlySignal } from '@preact/signals';
import type { BatchAction } from '../utils/extension/messages';
import { t } from '../utils/extension/i18n';
import { BatchList, type BatchRow } from './BatchList';
import { KEEP_FINISHED_BATCHES, KEEP_FINISHED_DAYS } from '../utils/queue/retention';

export interface PopupProps {
  version: string;
  batches: ReadonlySignal<BatchRow[]>;
  onAction: (batchId: string, action: BatchAction) => void;
  onOpenWorkbench: () => void;
  onOpenOptions: () => void;
  onCopyDiagnostics: () => void;
  onClearHistory: () => void;
}

export function Popup({ version, batches, onAction, onOpenWorkbench, onOpenOptions, onCopyDiagnostics, onClearHistory }: PopupProps) {
  const finished = batches.value.some((b) => b.state === 'done' || b.state === 'failed' || b.state === 'canceled');
  return (
    <main class="popup">
      <header class="popup-header">
        <img src="/icon/32.png" alt="" width={20} height={20} />
        <h1>{t('popupTitle')}</h1>
        <span class="popup-version">v{version}</span>
      </header>
      <section class="popup-batches" data-testid="batches">
        {batches.value.length === 0 ? (
          <p class="popup-empty" data-testid="empty">
            {t('popupNoBatches')}
          </p>
        ) : (
          <BatchList batches={batches.value} onAction={onAction} />
        )}
        {finished && (
          <div class="popup-history">
            <span>{t('popupHistoryKept', KEEP_FINISHED_DAYS, KEEP_FINISHED_BATCHES)}</span>
            <button type="button" class="tccc-button" data-testid="clear-history" onClick={onClearHistory}>
              {t('popupClearHistory')}
            </button>
          </div>
        )}
      </section>
      <footer class="popup-footer">
        <button type="button" class="tccc-button primary" data-testid="open-workbench" onClick={onOpenWorkbench}>
          {t('popupOpenWorkbench')}
        </button>
        <button type="button" class="tccc-button" data-testid="open-options" onClick={onOpenOptions}>
          {t('popupOptions')}
        </button>
        <button type="button" class="tccc-button" data-testid="copy-diagnostics" onClick={onCopyDiagnostics}>
          {t('copyDiagnostics')}
        </button>
      </footer>
    </main>
  );
}
