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

/** The page number the page's own pager marks as current. */
const currentPage = (page: Page) => page.locator('[aria-current=page]').first().textContent();

/** The user pages forward once, then asks for every page of the query. */
async function collectFromPageTwo(page: Page): Promise<void> {
  await expect.poll(() => toolsOf(page).locator('[data-testid=collect-all]').count(), { timeout: 15_000 }).toBe(1);
  await page.getByRole('button', { name: '下一页' }).click();
  await expect.poll(() => currentPage(page)).toBe('2');
  await toolsOf(page).locator('[data-testid=collect-all]').click();
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

  it('pages through the page’s own pager when its list request cannot be repeated, and gets the exact total', async () => {
    s = await startStandIn({ count: 75, signedList: true });
    const { page, workbench } = s;
    await page.goto(workbench.recordPageUrl);
    await collectFromPageTwo(page);
    const bar = toolsOf(page);
    await expect.poll(() => bar.locator('[data-testid=collect-progress]').getAttribute('data-way').catch(() => null), { timeout: 15_000 }).toBe('pager');
    await expect.poll(() => bar.locator('[data-testid=match-count]').textContent(), { timeout: 60_000 }).toContain('75');
    expect(await bar.locator('[data-testid=toolbar-message]').getAttribute('data-way')).toBe('pager');
    expect(await bar.locator('[data-testid=collect-short]').count()).toBe(0);
    await expect.poll(() => currentPage(page)).toBe('2');
  }, 120_000);
});
