/**
 * What nobody outside Tencent knows about the real workbench (see tccc-record-model.md),
 * played out: each mode is another plausible page. The extension must work on all of them.
 */
export interface PageMode {
  /** How the page asks for its records. */
  transport: 'fetch' | 'xhr-text' | 'xhr-json';
  /** TelCdrInfo fields as the cloud API spells them, or camelCased by a gateway. */
  casing: 'pascal' | 'camel';
  /**
   * `post-page`: POST {PageNumber, PageSize} → {code, data: {TotalCount, TelCdrList}};
   * `get-offset`: GET ?offset&limit → {result: {total, items}}.
   */
  api: 'post-page' | 'get-offset';
  /** Links in the list, or only from a second request when a row's 播放录音 / 下载录音文件 is used. */
  links: 'inline' | 'on-demand';
  /** A plain table; header and body in separate tables under a fixed-left overlay; an ARIA grid. */
  table: 'plain' | 'split-overlay' | 'aria-grid';
  /** The seed's columns in its order, or another order with 满意度 and 挂机方 for two of the names. */
  columns: 'seed' | 'renamed';
  /** Talk time as `00:01:05`, `1分5秒` or `65秒`. */
  duration: 'hms' | 'chinese' | 'seconds';
}

export const PAGE_MODES = {
  classic: { transport: 'fetch', casing: 'pascal', api: 'post-page', links: 'inline', table: 'plain', columns: 'seed', duration: 'hms' },
  'xhr-camel': { transport: 'xhr-json', casing: 'camel', api: 'get-offset', links: 'inline', table: 'split-overlay', columns: 'seed', duration: 'chinese' },
  'xhr-grid': { transport: 'xhr-text', casing: 'pascal', api: 'get-offset', links: 'inline', table: 'aria-grid', columns: 'renamed', duration: 'seconds' },
  'lazy-links': { transport: 'fetch', casing: 'camel', api: 'post-page', links: 'on-demand', table: 'plain', columns: 'renamed', duration: 'hms' },
} as const satisfies Record<string, PageMode>;

export type PageModeName = keyof typeof PAGE_MODES;
export const PAGE_MODE_NAMES = Object.keys(PAGE_MODES) as PageModeName[];

/** `RecordURL` → `recordUrl`, `SessionId` → `sessionId`, all the way down, as a gateway would. */
export function camelCased(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelCased);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k.replace(/URL/g, 'Url').replace(/^[A-Z]/, (c) => c.toLowerCase()), camelCased(v)]),
  );
}
