import { afterEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startStandIn } from './harness';
import { toolsOf } from './page-actions';

type StandIn = Awaited<ReturnType<typeof startStandIn>>;
let s: StandIn | undefined;

afterEach(async () => {
  await s?.dispose();
  s = undefined;
});

/** The page number the page's own pager shows as current: its marked button, or its page-number box. */
const currentPage = async (page: Page) =>
  (await page.locator('[aria-current=page]').count())
    ? page.locator('[aria-current=page]').first().textContent()
    : page.getByRole('textbox', { name: '页码' }).inputValue();

/** The page size the page's own size selector shows: a native select, or the face of its dropdown. */
const shownPageSize = async (page: Page) =>
  (await page.locator('select').count())
    ? page.locator('select option:checked').textContent()
    : page.locator('[aria-haspopup=listbox]').textContent();

/** The user pages forward once, then asks for every page of the query. */
async function collectFromPageTwo(page: Page): Promise<void> {
  await expect.poll(() => toolsOf(page).locator('[data-testid=collect-all]').count(), { timeout: 15_000 }).toBe(1);
  await page.getByRole('button', { name: '下一页' }).click();
  await expect.poll(() => currentPage(page)).toBe('2');
  await toolsOf(page).locator('[data-testid=collect-all]').click();
}

/** Every way the bar says it is collecting by, as the user sees it change, in order. */
async function watchCollectWays(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const root = document.querySelector('tccc-record-tools')!.shadowRoot!;
    const seen: string[] = [];
    (window as unknown as { collectWays: string[] }).collectWays = seen;
    const look = () => {
      const shown = root.querySelector('[data-testid=collect-progress]');
      const way = shown ? (shown.getAttribute('data-way') ?? 'none') : null;
      if (way && seen[seen.length - 1] !== way) seen.push(way);
    };
    new MutationObserver(look).observe(root, { subtree: true, childList: true, attributes: true, characterData: true });
  });
  return () => page.evaluate(() => (window as unknown as { collectWays: string[] }).collectWays);
}

describe('collect-all', () => {
  it('gathers a month of 10,000 calls by repeating the page’s own list request, leaving the table where the user was', async () => {
    s = await startStandIn({ count: 10_000, faults: { listLatencyMs: 100 } });
    const { page, workbench } = s;
    await page.goto(workbench.recordPageUrl);
    await collectFromPageTwo(page);
    const before = workbench.listRequestCount();
    const bar = toolsOf(page);
    await expect.poll(() => bar.locator('[data-testid=match-count]').textContent(), { timeout: 90_000 }).toContain('10000');
    expect(await bar.locator('[data-testid=toolbar-message]').getAttribute('data-way')).toBe('replay');
    expect(await bar.locator('[data-testid=collect-short]').count()).toBe(0);
    // At the API's largest page: a hundred requests or so, not a thousand.
    expect(workbench.listRequestCount() - before).toBeLessThan(110);
    expect(await currentPage(page)).toBe('2');
  }, 180_000);

  for (const mode of ['classic', 'tea'] as const) {
    it(`on a page that signs its list requests (${mode}), pages at the largest size its own selector offers, then puts size and page back`, async () => {
      s = await startStandIn({ mode, count: 1_500, signedList: true, faults: { listLatencyMs: 100 } });
      const { page, workbench } = s;
      await page.goto(workbench.recordPageUrl);
      await expect.poll(() => toolsOf(page).locator('[data-testid=collect-all]').count(), { timeout: 20_000 }).toBe(1);
      expect(await shownPageSize(page)).toContain('10 条/页');
      const ways = await watchCollectWays(page);
      const before = workbench.listRequestCount();
      await collectFromPageTwo(page);
      const bar = toolsOf(page);
      await expect.poll(() => bar.locator('[data-testid=match-count]').textContent(), { timeout: 120_000 }).toContain('1500');
      expect(await bar.locator('[data-testid=toolbar-message]').getAttribute('data-way')).toBe('pager');
      expect(await bar.locator('[data-testid=collect-short]').count()).toBe(0);
      // The bar never claimed a way it did not take.
      expect(await ways()).not.toContain('replay');
      expect(await ways()).toContain('pager');
      // 100 a page: a few dozen requests, not the 150 pages at the user's 10.
      expect(workbench.listRequestCount() - before).toBeLessThan(40);
      await expect.poll(() => shownPageSize(page)).toContain('10 条/页');
      await expect.poll(() => currentPage(page)).toBe('2');
    }, 180_000);
  }

  it('where the page’s list request cannot be learned at all, names the pager way from the start and never the replay', async () => {
    s = await startStandIn({ count: 240, packedList: true });
    const { page, workbench } = s;
    await page.goto(workbench.recordPageUrl);
    await expect.poll(() => toolsOf(page).locator('[data-testid=collect-all]').count(), { timeout: 20_000 }).toBe(1);
    const ways = await watchCollectWays(page);
    await collectFromPageTwo(page);
    const bar = toolsOf(page);
    await expect.poll(() => bar.locator('[data-testid=match-count]').textContent(), { timeout: 60_000 }).toContain('240');
    expect(await bar.locator('[data-testid=toolbar-message]').getAttribute('data-way')).toBe('pager');
    // Not even for a moment: nothing but 'getting ready' before it.
    expect((await ways()).filter((way) => way !== 'none')).toEqual(['pager']);
    await expect.poll(() => currentPage(page)).toBe('2');
  }, 120_000);

  it('says so when the workbench refused the user’s query for its time span, instead of collecting the older one on screen', async () => {
    s = await startStandIn({});
    const { page, workbench } = s;
    await page.goto(workbench.recordPageUrl);
    const bar = toolsOf(page);
    await expect.poll(() => bar.locator('[data-testid=collect-all]').count(), { timeout: 15_000 }).toBe(1);
    const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);
    /** The user sets the start of the range and searches, and sees the page answer. */
    const search = async (daysAgo: number) => {
      await page.locator('input[type=date]').first().fill(day(daysAgo));
      await Promise.all([page.waitForResponse((r) => r.url().includes('/tcccadmin/')), page.getByRole('button', { name: '查询' }).click()]);
    };
    await search(120);
    await expect.poll(() => page.getByRole('alert').filter({ hasText: '查询失败' }).textContent()).toContain('90');
    await bar.locator('[data-testid=collect-all]').click();
    await expect
      .poll(() => bar.locator('[data-testid=collect-short]').textContent(), { timeout: 15_000 })
      .toContain('InvalidParameterValue');
    expect(await bar.locator('[data-testid=collect-short]').textContent()).toContain('90');
    expect(await bar.locator('[data-testid=match-count]').textContent()).not.toContain(String(workbench.calls.length));
    // A narrower query the workbench answers is collected whole.
    await search(30);
    await bar.locator('[data-testid=collect-all]').click();
    await expect
      .poll(() => bar.locator('[data-testid=match-count]').textContent(), { timeout: 60_000 })
      .toContain(String(workbench.calls.length));
    expect(await bar.locator('[data-testid=collect-short]').count()).toBe(0);
  }, 120_000);

  it('pages through the page’s own pager when its list request cannot be repeated, and gets the exact total', async () => {
    s = await startStandIn({ count: 75, signedList: true });
    const { page, workbench } = s;
    await page.goto(workbench.recordPageUrl);
    await collectFromPageTwo(page);
    const bar = toolsOf(page);
    await expect
      .poll(
        () =>
          bar
            .locator('[data-testid=collect-progress]')
            .getAttribute('data-way')
            .catch(() => null),
        { timeout: 15_000 },
      )
      .toBe('pager');
    await expect.poll(() => bar.locator('[data-testid=match-count]').textContent(), { timeout: 60_000 }).toContain('75');
    expect(await bar.locator('[data-testid=toolbar-message]').getAttribute('data-way')).toBe('pager');
    expect(await bar.locator('[data-testid=collect-short]').count()).toBe(0);
    await expect.poll(() => currentPage(page)).toBe('2');
  }, 120_000);
});
