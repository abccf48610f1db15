import { t } from '../utils/extension/i18n';

/** Repeating the page's list request, or paging through it with the page's own pager. */
export type CollectWay = 'replay' | 'pager';

export type CollectState =
  | { phase: 'idle' }
  /** `way` null: still finding out whether the page's request can be repeated. */
  | { phase: 'running'; way: CollectWay | null; page: number; count: number; total: number | null }
  | { phase: 'done'; way: CollectWay; count: number; total: number | null }
  /** `detail`: what the page's server said, where it refused the page's own query. */
  | { phase: 'failed'; reason: string; detail?: string };

const REASONS: Record<string, Parameters<typeof t>[0]> = {
  canceled: 'collectWhyCanceled',
  timeout: 'collectWhyTimeout',
  'no-pager': 'collectWhyNoPager',
};

/** What the bar says of collect-all: which way it goes, and whether it got the whole query. */
export function collectStatus(state: CollectState): { text: string; short: boolean } {
  switch (state.phase) {
    case 'running':
      if (state.way === null) return { text: t('collectPreparing'), short: false };
      if (state.way === 'pager') return { text: `${t('collectProgress', state.page, state.count)} ${t('collectByPager')}`, short: false };
      return {
        text: state.total === null ? t('collectProgressReplayOpen', state.count) : t('collectProgressReplay', state.count, state.total),
        short: false,
      };
    case 'done':
      // Fewer than the page says its query holds: never passed off as the whole query.
      if (state.total !== null && state.count < state.total) return { text: t('collectShort', state.count, state.total), short: true };
      return { text: state.way === 'pager' ? t('collectDoneByPager', state.count) : t('collectDone', state.count), short: false };
    case 'failed':
      if (state.reason === 'query-refused')
        return { text: t('collectFailed', t('collectWhyQueryRefused', state.detail ?? '')), short: true };
      return { text: t('collectFailed', REASONS[state.reason] ? t(REASONS[state.reason]!) : state.reason), short: false };
    default:
      return { text: '', short: false };
  }
}
