import { t } from '../utils/i18n';

export interface NoticeProps {
  message: string;
  /** No table to sit above: float in a corner instead of pushing the page around. */
  floating: boolean;
  onCopyDiagnostics: () => void;
}

/** Says plainly why the helper is idle on this page; the page itself keeps working. */
export function Notice({ message, floating, onCopyDiagnostics }: NoticeProps) {
  return (
    <div class={floating ? 'notice floating' : 'notice'} role="status" data-testid="notice">
      <span>{message}</span>
      <button type="button" class="tccc-button" data-testid="copy-diagnostics" onClick={onCopyDiagnostics}>
        {t('copyDiagnostics')}
      </button>
    </div>
  );
}
