/**
 * What nobody outside Tencent knows about the real workbench (see docs/reference/tccc-record-model.md),
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
  /**
   * A plain table; header and body in separate tables under a fixed-left overlay; an ARIA
   * grid; or Tencent's tea-component style (see `tea` below).
   */
  table: 'plain' | 'split-overlay' | 'aria-grid' | 'tea';
  /** The seed's columns in its order, or another order with 满意度 and 挂机方 for two of the names. */
  columns: 'seed' | 'renamed';
  /** Talk time as `00:01:05`, `1分5秒` or `65秒`. */
  duration: 'hms' | 'chinese' | 'seconds';
  /**
   * The zone the page prints times in, chosen by its own script: the browser's, or China's
   * (UTC+8) whatever the browser's zone is.
   */
  clock: 'browser' | 'china';
  /** Rows a page shows at first (the page-size dropdown changes it). */
  pageSize: 10 | 20 | 50 | 100;
  /**
   * `all`: every row of the page in the DOM. `virtual`: only the rows in view (about
   * `VIRTUAL_WINDOW`) are in the DOM; others appear as the user scrolls the table body.
   */
  rows: 'all' | 'virtual';
}

/** Rows a virtualized table keeps in the DOM at once. */
export const VIRTUAL_WINDOW = 20;

export const PAGE_MODES = {
  classic: {
    transport: 'fetch',
    casing: 'pascal',
    api: 'post-page',
    links: 'inline',
    table: 'plain',
    columns: 'seed',
    duration: 'hms',
    clock: 'browser',
    pageSize: 10,
    rows: 'all',
  },
  'xhr-camel': {
    transport: 'xhr-json',
    casing: 'camel',
    api: 'get-offset',
    links: 'inline',
    table: 'split-overlay',
    columns: 'seed',
    duration: 'chinese',
    clock: 'china',
    pageSize: 10,
    rows: 'all',
  },
  'xhr-grid': {
    transport: 'xhr-text',
    casing: 'pascal',
    api: 'get-offset',
    links: 'inline',
    table: 'aria-grid',
    columns: 'renamed',
    duration: 'seconds',
    clock: 'china',
    pageSize: 10,
    rows: 'all',
  },
  'lazy-links': {
    transport: 'fetch',
    casing: 'camel',
    api: 'post-page',
    links: 'on-demand',
    table: 'plain',
    columns: 'renamed',
    duration: 'hms',
    clock: 'china',
    pageSize: 10,
    rows: 'all',
  },
  /**
   * Tencent's tea-component, imitated (its DOM, not its code): header and body in two
   * tables, the page's own leading checkbox column, sticky fixed-left cells, 操作 drawn again
   * in a fixed-right overlay a frame after the rows, cell text in `div > span[title]`, a
   * loading row while a page loads, a blank row when empty, and a pager of icon-only
   * buttons (names in `title`/`aria-label` only), a page-number input and a page-size
   * dropdown whose options open in a layer under `<body>`.
   */
  tea: {
    transport: 'xhr-json',
    casing: 'pascal',
    api: 'post-page',
    links: 'inline',
    table: 'tea',
    columns: 'renamed',
    duration: 'hms',
    clock: 'china',
    pageSize: 10,
    rows: 'all',
  },
  /** The tea table with a long page virtualized: 100 rows a page, about 20 in the DOM. */
  'tea-virtual': {
    transport: 'fetch',
    casing: 'camel',
    api: 'post-page',
    links: 'inline',
    table: 'tea',
    columns: 'seed',
    duration: 'chinese',
    clock: 'browser',
    pageSize: 100,
    rows: 'virtual',
  },
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
