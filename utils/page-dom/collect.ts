import type { CallRecord } from '../record/record';
import { isDisabled, type Pager } from './table-pager';

/** What collecting needs from the page; the content script wires these to the DOM. */
export interface CollectPage {
  /** The records of the page shown now (a virtualized list is scrolled through to read them all). */
  readPage(): CallRecord[] | Promise<CallRecord[]>;
  /** How many records the page says its query has (`共 N 条`), when it says so. */
  statedTotal?(): number | null;
  /** Changes whenever the rows on screen change. */
  signature(): string;
  /** Whether the page has drawn what it fetched: a whole page of rows (or its last), each tied to the page's data for it. */
  settled?(): boolean;
  pager(): Pager | null;
  /** The page number the page shows as current, when it shows one. */
  currentPage(): number | null;
  /** The page's own button for page `n`, when it shows one. */
  pageButton(n: number): Element | null;
  click(el: Element): void;
  sleep(ms: number): Promise<void>;
  /**
   * The page size the pager shows, and the largest its size selector offers, when it has one
   * (Infinity for a dropdown that shows its sizes only once opened: `setPageSize(Infinity)` picks its largest).
   */
  pageSize?(): { current: number; largest: number } | null;
  /** Chooses another page size in the page's own selector; false when it could not. */
  setPageSize?(size: number): Promise<boolean>;
  /** Types page `n` into the pager's page-number box; false when it has none. */
  jumpTo?(n: number): boolean;
}

export interface CollectOptions {
  signal?: AbortSignal;
  onProgress?: (page: number, count: number) => void;
  maxPages?: number;
  /** How long a page may take to show new rows after a click. */
  pageTimeoutMs?: number;
  /** How long the rows must stay unchanged to count as rendered. */
  quietMs?: number;
}

export class CollectError extends Error {
  /** What the page's server said, where that is the reason. */
  constructor(
    message: string,
    readonly detail?: string,
  ) {
    super(message);
  }
}

const POLL_MS = 50;
const QUIET_MS = 300;
/** A whole page of rows, all tied to the page's data for them, is drawn: one look more is enough. */
const SETTLED_QUIET_MS = POLL_MS;

/** Waits until the rows differ from `before` and then stay the same for a moment. */
async function waitForNewRows(page: CollectPage, before: string, opts: CollectOptions): Promise<void> {
  const deadline = Date.now() + (opts.pageTimeoutMs ?? 15_000);
  let last = before;
  let stableSince = 0;
  while (Date.now() < deadline) {
    if (opts.signal?.aborted) throw new CollectError('canceled');
    await page.sleep(POLL_MS);
    const now = page.signature();
    if (now !== last) {
      last = now;
      stableSince = Date.now();
    } else if (
      now !== before &&
      now !== '' &&
      Date.now() - stableSince >= Math.min(opts.quietMs ?? QUIET_MS, page.settled?.() ? SETTLED_QUIET_MS : Infinity)
    ) {
      return;
    }
  }
  throw new CollectError('timeout');
}

/**
 * Reading a page's rows, looking at them and turning the page each cost a good part of a
 * frame with a hundred rows, and the page draws its next page in the task of our click:
 * each gets a task of its own, so none adds up to a long task on the page.
 */
const nextTask = (page: CollectPage) => page.sleep(0);

async function step(page: CollectPage, control: Element, opts: CollectOptions): Promise<void> {
  const before = page.signature();
  await nextTask(page);
  page.click(control);
  await waitForNewRows(page, before, opts);
}

/** Goes straight to page `n` by its numbered button or the page-number box; false when the pager offers neither. */
async function jump(page: CollectPage, n: number, opts: CollectOptions): Promise<boolean> {
  const button = page.pageButton(n);
  if (button) {
    await step(page, button, opts);
    return true;
  }
  const before = page.signature();
  if (!page.jumpTo?.(n)) return false;
  await waitForNewRows(page, before, opts);
  return true;
}

const canGo = (el: Element | null | undefined): el is Element => !!el && !isDisabled(el);

/** Back to the first page; returns the page number it left, counted when the pager shows none. */
async function rewind(page: CollectPage, opts: CollectOptions, maxPages: number): Promise<number> {
  if (!canGo(page.pager()?.prev)) return 1;
  const from = page.currentPage();
  if (from !== null && (await jump(page, 1, opts))) return from;
  let steps = 0;
  for (let prev = page.pager()?.prev; canGo(prev) && steps < maxPages; prev = page.pager()?.prev) {
    await step(page, prev, opts);
    steps++;
  }
  return steps + 1;
}

/** To page `target`; `known` is the page shown now when the pager does not say it. */
async function goTo(page: CollectPage, target: number, known: number | null, opts: CollectOptions, maxPages: number): Promise<void> {
  let at = page.currentPage() ?? known;
  if (at === target || (await jump(page, target, opts))) return;
  if (at === null) {
    await rewind(page, opts, maxPages);
    at = 1;
  }
  for (; at < target && canGo(page.pager()?.next); at++) await step(page, page.pager()!.next, opts);
  for (; at > target && canGo(page.pager()?.prev); at--) await step(page, page.pager()!.prev!, opts);
}

/**
 * Switches the pager to its largest page size, so there are fewer pages to turn; returns the
 * user's size to switch back to, or null when it stays as it was.
 */
async function enlargePages(page: CollectPage, opts: CollectOptions): Promise<number | null> {
  const size = page.pageSize?.();
  const pager = page.pager();
  // One page holds the whole query already: nothing to gain, and no new rows to wait for.
  if (!size || size.largest <= size.current || !pager || (!canGo(pager.next) && !canGo(pager.prev))) return null;
  const before = page.signature();
  if (!(await page.setPageSize?.(size.largest))) return null;
  try {
    await waitForNewRows(page, before, opts);
  } catch (error) {
    // The page ignored the choice: collect at the user's size.
    if (error instanceof CollectError && error.message === 'timeout' && page.pageSize?.()?.current === size.current) return null;
    throw error;
  }
  return size.current;
}

/**
 * Gathers every record of the page's current query by driving its own pagination: at the
 * largest page size its size selector offers, from the first page to the last, then back to
 * the user's size and page (also when canceled). Records are kept by session id, so a row
 * seen twice counts once.
 */
export async function collectAllPages(page: CollectPage, opts: CollectOptions = {}): Promise<CallRecord[]> {
  const maxPages = opts.maxPages ?? 1000;
  const found = new Map<string, CallRecord>();
  const add = async () => {
    await nextTask(page);
    for (const r of await page.readPage()) found.set(r.sessionId, r);
    await nextTask(page);
  };

  let startPage: number | null = null;
  let userSize: number | null = null;
  let pageNo = 1;
  try {
    // Where the user is, counted at their own page size when the pager does not say.
    startPage = page.currentPage() ?? (await rewind(page, opts, maxPages));
    userSize = await enlargePages(page, opts);
    await rewind(page, opts, maxPages);

    await add();
    opts.onProgress?.(pageNo, found.size);
    // No pager found, yet the page says there is more: the rows on screen are not the whole query.
    const total = page.pager() ? null : (page.statedTotal?.() ?? null);
    if (total !== null && total > found.size) throw new CollectError('no-pager');
    for (let next = page.pager()?.next; canGo(next) && pageNo < maxPages; next = page.pager()?.next) {
      if (opts.signal?.aborted) throw new CollectError('canceled');
      await step(page, next, opts);
      pageNo++;
      await add();
      opts.onProgress?.(pageNo, found.size);
    }
  } finally {
    const back = { ...opts, signal: undefined };
    let known: number | null = pageNo;
    if (userSize !== null) {
      const before = page.signature();
      if (await page.setPageSize?.(userSize).catch(() => false)) await waitForNewRows(page, before, back).catch(() => {});
      known = null;
    }
    if (startPage !== null) await goTo(page, startPage, known, back, maxPages).catch(() => {});
  }
  return [...found.values()];
}
