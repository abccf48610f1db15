import type { CallRecord } from './record';
import { isDisabled, type Pager } from './table-pager';

/** What collecting needs from the page; the content script wires these to the DOM. */
export interface CollectPage {
  /** The records of the page shown now (a virtualized list is scrolled through to read them all). */
  readPage(): CallRecord[] | Promise<CallRecord[]>;
  /** How many records the page says its query has (`共 N 条`), when it says so. */
  statedTotal?(): number | null;
  /** Changes whenever the rows on screen change. */
  signature(): string;
  pager(): Pager | null;
  /** The page number the page shows as current, when it shows one. */
  currentPage(): number | null;
  /** The page's own button for page `n`, when it shows one. */
  pageButton(n: number): Element | null;
  click(el: Element): void;
  sleep(ms: number): Promise<void>;
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

export class CollectError extends Error {}

const POLL_MS = 100;
const QUIET_MS = 300;

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
    } else if (now !== before && now !== '' && Date.now() - stableSince >= (opts.quietMs ?? QUIET_MS)) {
      return;
    }
  }
  throw new CollectError('timeout');
}

async function step(page: CollectPage, control: Element, opts: CollectOptions): Promise<void> {
  const before = page.signature();
  page.click(control);
  await waitForNewRows(page, before, opts);
}

async function goBack(page: CollectPage, steps: number, target: number, opts: CollectOptions): Promise<void> {
  const button = page.pageButton(target);
  if (button) return step(page, button, opts);
  for (let i = 0; i < steps; i++) {
    const prev = page.pager()?.prev;
    if (!prev || isDisabled(prev)) return;
    await step(page, prev, opts);
  }
}

/**
 * Gathers every record of the page's current query by driving its own pagination:
 * back to the first page, forward to the last, then back to where the user was
 * (also when canceled). Records are kept by session id, so a row seen twice counts once.
 */
export async function collectAllPages(page: CollectPage, opts: CollectOptions = {}): Promise<CallRecord[]> {
  const maxPages = opts.maxPages ?? 1000;
  const found = new Map<string, CallRecord>();
  const add = async () => {
    for (const r of await page.readPage()) found.set(r.sessionId, r);
  };

  let startPage = page.currentPage();
  let pageNo = 1;
  try {
    const prev = page.pager()?.prev;
    if (prev && !isDisabled(prev)) {
      const first = page.pageButton(1);
      if (first && startPage !== null) await step(page, first, opts);
      else {
        // No page numbers to read: step back page by page, counting.
        let rewound = 0;
        for (let p = page.pager()?.prev; p && !isDisabled(p) && rewound < maxPages; p = page.pager()?.prev) {
          await step(page, p, opts);
          rewound++;
        }
        startPage = rewound + 1;
      }
    } else {
      startPage = 1;
    }

    await add();
    opts.onProgress?.(pageNo, found.size);
    // No pager found, yet the page says there is more: the rows on screen are not the whole query.
    const total = page.pager() ? null : page.statedTotal?.() ?? null;
    if (total !== null && total > found.size) throw new CollectError('no-pager');
    for (let next = page.pager()?.next; next && !isDisabled(next) && pageNo < maxPages; next = page.pager()?.next) {
      if (opts.signal?.aborted) throw new CollectError('canceled');
      await step(page, next, opts);
      pageNo++;
      await add();
      opts.onProgress?.(pageNo, found.size);
    }
  } finally {
    if (startPage !== null && startPage !== pageNo) {
      await goBack(page, pageNo - startPage, startPage, { ...opts, signal: undefined }).catch(() => {});
    }
  }
  return [...found.values()];
}
