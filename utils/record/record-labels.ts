import type { CallRecord } from './record';

/**
 * How a call's fields read in Chinese, as the workbench shows them: for file names and the
 * manifest, which keep one language whatever the browser's, so files sort and match alike.
 */
export const DIRECTION_LABEL: Readonly<Record<NonNullable<CallRecord['direction']>, string>> = { in: '呼入', out: '呼出' };
export const HANGUP_LABEL: Readonly<Record<NonNullable<CallRecord['hangup']>, string>> = { seat: '座席', user: '客户', system: '系统' };
export const NOT_RATED = '未评价';
