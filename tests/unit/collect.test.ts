// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { collectAllPages, CollectError, type CollectPage } from '../../utils/page-dom/collect';
import { callRecord } from '../fakes/records';

/** A paginated list as a page shows it: prev/next buttons, numbered buttons, rows that change after a click. */
function fakePage(pages: string[][], start: number, opts: { numbers: boolean }) {
  let current = start;
  let shown = start;
  const clicks: string[] = [];
  const root = document.createElement('div');
  const prev = document.createElement('button');
  prev.textContent = '上一页';
  const next = document.createElement('button');
  next.textContent = '下一页';
  root.append(prev, next);
  const sync = () => {
    prev.disabled = current === 0;
    next.disabled = current === pages.length - 1;
  };
  sync();
  const go = (to: number) => {
    current = to;
    sync();
    setTimeout(() => (shown = to), 30); // the rows re-render a little after the click
  };
  const page: CollectPage = {
    readPage: () => pages[shown]!.map((id) => callRecord(id)),
    signature: () => pages[shown]!.join(','),
    pager: () => ({ next, prev }),
    currentPage: () => (opts.numbers ? current + 1 : null),
    pageButton: (n) => {
      if (!opts.numbers) return null;
      const b = document.createElement('button');
      b.onclick = () => go(n - 1);
      b.textContent = String(n);
      return b;
    },
    click: (el) => {
      clicks.push(el.textContent ?? '');
      if (el === next) go(current + 1);
      else if (el === prev) go(current - 1);
      else (el as HTMLButtonElement).click();
    },
    sleep: () => new Promise((r) => setTimeout(r, 5)),
  };
  return { page, clicks, where: () => current };
}

const PAGES = [['a', 'b'], ['c', 'd'], ['e', 'f'], ['g']];

describe('collecting every page of the query', () => {
  it('gathers all records from the first page to the last and returns to where the user was', async () => {
    const { page, clicks, where } = fakePage(PAGES, 2, { numbers: true });
    const progress: number[] = [];
    const records = await collectAllPages(page, { quietMs: 40, onProgress: (_p, n) => progress.push(n) });
    expect(records.map((r) => r.sessionId)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
    expect(progress).toEqual([2, 4, 6, 7]);
    expect(where()).toBe(2);
    expect(clicks).toEqual(['1', '下一页', '下一页', '下一页', '3']);
  });

  it('steps back page by page when the pager shows no numbers', async () => {
    const { page, clicks, where } = fakePage(PAGES, 1, { numbers: false });
    const records = await collectAllPages(page, { quietMs: 40 });
    expect(records).toHaveLength(7);
    expect(where()).toBe(1);
    expect(clicks).toEqual(['上一页', '下一页', '下一页', '下一页', '上一页', '上一页']);
  });

  it('never takes the rows on screen for the whole query when it finds no pager but the page says there are more', async () => {
    const { page } = fakePage([['a', 'b']], 0, { numbers: false });
    await expect(collectAllPages({ ...page, pager: () => null, statedTotal: () => 36 }, { quietMs: 40 })).rejects.toThrow(CollectError);
    // A single page with no pager is the whole query when the page says so, or says nothing.
    expect(await collectAllPages({ ...page, pager: () => null, statedTotal: () => 2 }, { quietMs: 40 })).toHaveLength(2);
    expect(await collectAllPages({ ...page, pager: () => null }, { quietMs: 40 })).toHaveLength(2);
  });

  it('counts a record seen on two pages once', async () => {
    const { page } = fakePage(
      [
        ['a', 'b'],
        ['b', 'c'],
      ],
      0,
      { numbers: true },
    );
    expect((await collectAllPages(page, { quietMs: 40 })).map((r) => r.sessionId)).toEqual(['a', 'b', 'c']);
  });

  it('stops when canceled and still takes the user back', async () => {
    const { page, where } = fakePage(PAGES, 1, { numbers: true });
    const abort = new AbortController();
    const run = collectAllPages(page, { quietMs: 40, signal: abort.signal, onProgress: (p) => p === 2 && abort.abort() });
    await expect(run).rejects.toThrow(CollectError);
    expect(where()).toBe(1);
  });

  it('gives up with a clear reason when the page stops responding', async () => {
    const { page } = fakePage(PAGES, 0, { numbers: true });
    page.click = () => {}; // the page ignores clicks
    await expect(collectAllPages(page, { quietMs: 40, pageTimeoutMs: 200 })).rejects.toThrow('timeout');
  });
});

/** A list of `total` calls paged at a size the user can change, as the page's own selector does: a new size goes back to page 1. */
function sizedPage(total: number, size: number, start: number, opts: { sizes: number[]; box: boolean }) {
  const ids = Array.from({ length: total }, (_, i) => `c${i}`);
  let current = start;
  let shown = { size, page: start };
  const turns: string[] = [];
  const prev = document.createElement('button');
  const next = document.createElement('button');
  const pages = () => Math.ceil(total / size);
  const sync = () => {
    prev.disabled = current === 0;
    next.disabled = current >= pages() - 1;
  };
  sync();
  const show = () => setTimeout(() => (shown = { size, page: current }), 20);
  const rows = () => ids.slice(shown.page * shown.size, (shown.page + 1) * shown.size);
  const page: CollectPage = {
    readPage: () => rows().map((id) => callRecord(id)),
    signature: () => rows().join(','),
    pager: () => ({ next, prev }),
    currentPage: () => (opts.box ? current + 1 : null),
    pageButton: () => null,
    click: (el) => {
      turns.push(el === next ? 'next' : 'prev');
      current += el === next ? 1 : -1;
      sync();
      show();
    },
    sleep: () => new Promise((r) => setTimeout(r, 5)),
    pageSize: () => ({ current: size, largest: Math.max(...opts.sizes) }),
    setPageSize: async (n) => {
      if (!opts.sizes.includes(n)) return false;
      turns.push(`size ${n}`);
      size = n;
      current = 0;
      sync();
      show();
      return true;
    },
    jumpTo: (n) => {
      if (!opts.box) return false;
      turns.push(`to ${n}`);
      current = n - 1;
      sync();
      show();
      return true;
    },
  };
  return { page, turns, where: () => ({ page: current + 1, size }) };
}

describe('collecting by the pager at its largest page size', () => {
  it('switches to the largest size its selector offers, and back to the user’s size and page', async () => {
    const { page, turns, where } = sizedPage(250, 10, 3, { sizes: [10, 20, 50, 100], box: true });
    const records = await collectAllPages(page, { quietMs: 30 });
    expect(records).toHaveLength(250);
    expect(turns).toEqual(['size 100', 'next', 'next', 'size 10', 'to 4']);
    expect(where()).toEqual({ page: 4, size: 10 });
  });

  it('counts where the user was at their own size when the pager shows no page number', async () => {
    const { page, turns, where } = sizedPage(250, 10, 2, { sizes: [10, 100], box: false });
    expect(await collectAllPages(page, { quietMs: 30 })).toHaveLength(250);
    expect(turns).toEqual(['prev', 'prev', 'size 100', 'next', 'next', 'size 10', 'next', 'next']);
    expect(where()).toEqual({ page: 3, size: 10 });
  });

  it('leaves the size alone when one page holds the whole query or the page offers nothing larger', async () => {
    const one = sizedPage(8, 10, 0, { sizes: [10, 100], box: true });
    expect(await collectAllPages(one.page, { quietMs: 30 })).toHaveLength(8);
    expect(one.turns).toEqual([]);
    const largest = sizedPage(30, 10, 0, { sizes: [10], box: true });
    expect(await collectAllPages(largest.page, { quietMs: 30 })).toHaveLength(30);
    expect(largest.turns).toEqual(['next', 'next', 'to 1']);
  });

  it('puts the user’s size and page back when canceled', async () => {
    const { page, where } = sizedPage(450, 10, 1, { sizes: [10, 100], box: true });
    const abort = new AbortController();
    const run = collectAllPages(page, { quietMs: 30, signal: abort.signal, onProgress: (p) => p === 2 && abort.abort() });
    await expect(run).rejects.toThrow('canceled');
    expect(where()).toEqual({ page: 2, size: 10 });
  });
});
