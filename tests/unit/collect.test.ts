// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { collectAllPages, CollectError, type CollectPage } from '../../utils/collect';
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
    const { page } = fakePage([['a', 'b'], ['b', 'c']], 0, { numbers: true });
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
