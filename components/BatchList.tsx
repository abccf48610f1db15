import type { BatchAction, BatchView } from '../utils/extension/messages';
import { t, type MessageKey } from '../utils/extension/i18n';

const STATE_LABEL: Record<BatchView['state'], MessageKey> = {
  running: 'stateRunning',
  paused: 'statePaused',
  done: 'stateDone',
  failed: 'stateFailed',
  canceled: 'stateCanceled',
};

const REASON_LABEL: Record<string, MessageKey> = {
  'no-recording': 'reasonNoRecording',
  duplicate: 'reasonDuplicate',
  'unsafe-url': 'reasonUnsafeUrl',
  'link-expired': 'reasonLinkExpired',
  'link-wanted': 'reasonLinkWanted',
  'link-needs-click': 'reasonLinkNeedsClick',
  NO_LINK_GIVEN: 'reasonNoLinkGiven',
  LINK_REQUEST_FAILED: 'reasonLinkRequestFailed',
  LINK_STALE: 'reasonLinkStale',
  'link-retrying': 'reasonLinkRetrying',
  renamed: 'reasonRenamed',
  RENAMED_BY_EXTENSION: 'reasonRenamedByExtension',
  SAVED_ELSEWHERE: 'reasonSavedElsewhere',
  'login-expired': 'reasonLoginExpired',
  LOGIN_PAGE: 'reasonLoginPage',
  NOT_A_RECORDING: 'reasonNotARecording',
  'disk-full': 'reasonDiskFull',
  'ask-where-to-save': 'reasonAskWhereToSave',
  USER_PAUSED: 'reasonUserPaused',
  USER_CANCELED: 'reasonUserCanceled',
  SERVER_BAD_CONTENT: 'reasonNotOnServer',
  canceled: 'reasonCanceled',
};

/** A batch as the popup shows it: what the background says, and the pace the popup measured. */
export interface BatchRow extends BatchView {
  speed: number | null;
  secondsLeft: number | null;
}

function formatDuration(seconds: number): string {
  if (seconds < 60) return t('durationSeconds', seconds);
  if (seconds < 3600) return t('durationMinutes', Math.floor(seconds / 60), seconds % 60);
  return t('durationHours', Math.floor(seconds / 3600), Math.floor((seconds % 3600) / 60));
}

function formatBytes(n: number): string {
  return n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MB` : `${Math.round(n / 1024)} KB`;
}

export interface BatchListProps {
  batches: BatchRow[];
  onAction: (batchId: string, action: BatchAction) => void;
}

/** Every batch with its progress, reasons and controls. */
export function BatchList({ batches, onAction }: BatchListProps) {
  return (
    <ul class="batches">
      {batches.map((b) => {
        const finished = b.done + b.failed + b.skipped;
        const percent = b.total ? Math.round((finished / b.total) * 100) : 100;
        return (
          <li class="batch" key={b.id} data-testid="batch" data-batch-id={b.id} data-state={b.state}>
            <div class="batch-head">
              <strong>{t('batchTitle', b.label)}</strong>
              <span class={`batch-state ${b.state}`}>{t(STATE_LABEL[b.state])}</span>
            </div>
            <div
              class="batch-progress"
              data-testid="batch-progress"
              data-done={b.done}
              data-failed={b.failed}
              data-skipped={b.skipped}
              data-total={b.total}
              role="progressbar"
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={percent}
            >
              <span style={{ width: `${percent}%` }} />
            </div>
            <div class="batch-counts">
              {t('batchCounts', b.done, b.total, b.failed, b.skipped)} · {formatBytes(b.bytes)}
            </div>
            {b.state === 'running' && b.speed !== null && (
              <div class="batch-pace" data-testid="batch-pace" data-speed={Math.round(b.speed)} data-seconds-left={b.secondsLeft ?? ''}>
                {formatBytes(b.speed)}/s
                {b.secondsLeft !== null && <> · {t('timeLeft', formatDuration(b.secondsLeft))}</>}
              </div>
            )}
            {b.reasons.length > 0 && (
              <ul class="batch-reasons" data-testid="batch-reasons">
                {b.reasons.map((r) => (
                  <li key={r.reason} data-reason={r.reason} data-count={r.count}>
                    {REASON_LABEL[r.reason] ? t(REASON_LABEL[r.reason]!) : r.reason} × {r.count}
                  </li>
                ))}
              </ul>
            )}
            {b.noManifest && (
              <p class="batch-warning" role="alert" data-testid="no-manifest" data-reason={b.noManifest.reason}>
                {t('noManifest', b.noManifest.detail)}
              </p>
            )}
            <div class="batch-actions">
              {b.state === 'running' && (
                <button type="button" class="tccc-button" data-testid="pause" onClick={() => onAction(b.id, 'pause')}>
                  {t('actionPause')}
                </button>
              )}
              {b.state === 'paused' && (
                <button type="button" class="tccc-button" data-testid="resume" onClick={() => onAction(b.id, 'resume')}>
                  {t('actionResume')}
                </button>
              )}
              {(b.state === 'running' || b.state === 'paused') && (
                <button type="button" class="tccc-button" data-testid="cancel" onClick={() => onAction(b.id, 'cancel')}>
                  {t('actionCancel')}
                </button>
              )}
              {b.done > 0 && (
                <button type="button" class="tccc-button" data-testid="open-folder" onClick={() => onAction(b.id, 'open-folder')}>
                  {t('actionOpenFolder')}
                </button>
              )}
              {b.failed > 0 && b.state !== 'canceled' && (
                <button type="button" class="tccc-button" data-testid="retry-failed" onClick={() => onAction(b.id, 'retry-failed')}>
                  {t('actionRetryFailed')}
                </button>
              )}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
