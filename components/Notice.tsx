import { t } from '../utils/extension/i18n';
import type { PageNotice } from '../utils/page-model/page-notice';

export interface NoticeProps {
  notice: PageNotice;
  /** No table to sit above: float in a corner instead of pushing the page around. */
  floating: boolean;
  onCopyDiagnostics: () => void;
}

function noticeText(notice: PageNotice): string {
  switch (notice.kind) {
    case 'no-rows':
      return t('noticeNoRows');
    case 'no-table': {
      const missing = t('noticeNoTable', notice.missing.join(', '));
      return notice.found.length ? `${missing} ${t('noticeFoundHeaders', notice.found.join(', '))}` : missing;
    }
    case 'records-no-table':
      return t('noticeRecordsNoTable', notice.missing.join(', '));
  }
}

/** Says plainly why the helper is idle on this page; the page itself keeps working. */
export function Notice({ notice, floating, onCopyDiagnostics }: NoticeProps) {
  return (
    <div class={floating ? 'notice floating' : 'notice'} role="status" data-testid="notice">
      <span>{noticeText(notice)}</span>
      <button type="button" class="tccc-button" data-testid="copy-diagnostics" onClick={onCopyDiagnostics}>
        {t('copyDiagnostics')}
      </button>
    </div>
  );
}
