import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Workbench } from '../workbench/server';
import { satisfactionOf } from '../workbench/generator';
import { PAGE_MODES, PAGE_MODE_NAMES, VIRTUAL_WINDOW, type PageModeName } from '../workbench/modes';
import { startStandIn, waitForFile, type ExtensionBrowser } from './harness';
import { chipOf, toolsOf, visibleRowIds as visibleRowIdsOf } from './page-actions';

/**
 * The browser's zone for each mode: both zones are covered, and three modes print China
 * time in a UTC browser, where the time a row shows is not the browser's.
 */
const BROWSER_ZONE: Record<PageModeName, string> = {
  classic: 'Asia/Shanghai',
  'xhr-camel': 'UTC',
  'xhr-grid': 'Asia/Shanghai',
  'lazy-links': 'UTC',
  tea: 'UTC',
  'tea-virtual': 'Asia/Shanghai',
};

/** Clicks the control saying `text` drawn on the same line as `row`, wherever the page draws it (a fixed column's overlay, say). */
async function clickOnLine(page: Page, row: Locator, text: string): Promise<void> {
  const line = (await row.boundingBox())!;
  for (const candidate of await page.getByText(text, { exact: true }).all()) {
    const box = await candidate.boundingBox();
    if (box && (await candidate.isVisible()) && box.y + box.height / 2 > line.y && box.y + box.height / 2 < line.y + line.height)
      return candidate.click();
  }
  throw new Error(`No visible “${text}” on the row’s line`);
}

// The same scenarios on every plausible workbench: the extension must not care which one it is on.
describe.each(PAGE_MODE_NAMES)('on the %s workbench', (mode) => {
  const m = PAGE_MODES[mode];
  const virtual = m.rows === 'virtual';
  let standIn: Awaited<ReturnType<typeof startStandIn>>;
  let workbench: Workbench;
  let ext: ExtensionBrowser;
  let page: Page;

  const bar = () => toolsOf(page);
  const chip = (group: string, value: string) => chipOf(page, group, value);
  const visibleRowIds = () => visibleRowIdsOf(page);
  /** The calls page `n` (from 0) shows at first: the whole page, or the rows a virtualized list keeps in the DOM. */
  const shownOnPage = (n: number) => workbench.calls.slice(n * m.pageSize, n * m.pageSize + (virtual ? VIRTUAL_WINDOW : m.pageSize));
  const idsOf = (calls: { cdr: { SessionId: string } }[]) => calls.map((c) => c.cdr.SessionId);

  /** Errors our scripts left in the page's console, or threw uncaught there. */
  const ourErrors: string[] = [];

  beforeAll(async () => {
    standIn = await startStandIn({ count: virtual ? 130 : 36, mode }, { timezoneId: BROWSER_ZONE[mode] });
    ({ workbench, ext, page } = standIn);
    page.on('console', (msg) => {
      if (msg.type() === 'error' && msg.location().url.startsWith('chrome-extension://')) ourErrors.push(msg.text());
    });
    page.on('pageerror', (e) => {
      if (String(e.stack).includes('chrome-extension://')) ourErrors.push(String(e));
    });
  });

  // After each mode's tests: nothing we did put an error into the page's console.
  afterAll(async () => {
    try {
      expect(ourErrors).toEqual([]);
    } finally {
      await standIn?.dispose();
    }
  });

  it(`attaches to the table and marks each row with its real session id (browser in ${BROWSER_ZONE[mode]}, page printing ${m.clock === 'china' ? 'China time' : 'the browser’s time'})`, async () => {
    await page.goto(workbench.recordPageUrl);
    await expect.poll(() => bar().count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(visibleRowIds, { timeout: 15_000 }).toEqual(idsOf(shownOnPage(0)));
    expect(await page.locator('[data-testid=row-unbound]').count()).toBe(0);
  });

  it('filters by hang-up side and satisfaction to exactly the rows the data says', async () => {
    const onPage = shownOnPage(0);
    await chip('hangup', 'user').click();
    await expect.poll(visibleRowIds).toEqual(idsOf(onPage.filter((c) => c.cdr.HungUpSide === 'user')));
    await bar().locator('[data-testid=clear-filters]').click();
    const label = onPage.map((c) => satisfactionOf(c.cdr)).find((s) => s !== null)!;
    await chip('satisfaction', label).click();
    await expect.poll(visibleRowIds).toEqual(idsOf(onPage.filter((c) => satisfactionOf(c.cdr) === label)));
    await bar().locator('[data-testid=clear-filters]').click();
  });

  it('keeps the selection across pages', async () => {
    const boxes = page.locator('input[data-testid=row-select]:visible');
    await boxes.nth(1).check();
    await page.getByRole('button', { name: '下一页' }).click();
    await expect.poll(visibleRowIds).toEqual(idsOf(shownOnPage(1)));
    await boxes.nth(0).check();
    await expect.poll(() => bar().locator('[data-testid=download-selected]').textContent()).toContain('2');
    await page.getByRole('button', { name: '上一页' }).click();
    await expect.poll(() => page.locator('input[data-testid=row-select]:visible:checked').count()).toBe(1);
    await bar().locator('[data-testid=clear-selection]').click();
  });

  it('collects every page of the query and selects over all of it', async () => {
    await bar().locator('[data-testid=collect-all]').click();
    await expect
      .poll(() => bar().locator('[data-testid=match-count]').textContent(), { timeout: 60_000 })
      .toContain(String(workbench.calls.length));
    await chip('direction', 'out').click();
    const outbound = workbench.calls.filter((c) => c.cdr.Direction === 1);
    await expect.poll(() => bar().locator('[data-testid=match-count]').textContent()).toContain(String(outbound.length));
    await bar().locator('[data-testid=select-matching]').click();
    await expect.poll(() => bar().locator('[data-testid=download-selected]').textContent()).toContain(String(outbound.length));
    await bar().locator('[data-testid=clear-selection]').click();
    await bar().locator('[data-testid=clear-filters]').click();
  });

  if (m.table === 'tea') {
    it('leaves the page’s own checkboxes to the page: ours are the only row-select, and clicking one never ticks the page’s', async () => {
      await expect.poll(visibleRowIds).toEqual(idsOf(shownOnPage(0)));
      const theirs = page.locator('main input[type=checkbox]:not([data-testid])');
      await page.locator('input[data-testid=row-select]').nth(2).check();
      await expect.poll(() => bar().locator('[data-testid=download-selected]').textContent()).toContain('1');
      expect(await theirs.evaluateAll((boxes) => boxes.filter((b) => (b as HTMLInputElement).checked).length)).toBe(0);
      // The page's own box is the page's: ticking it changes nothing of ours.
      await theirs.nth(1).check();
      expect(await bar().locator('[data-testid=download-selected]').textContent()).toContain('1');
      await theirs.nth(1).uncheck();
      await bar().locator('[data-testid=clear-selection]').click();
    });

    it('hides the 操作 overlay of every row a filter hides, also after paging and when the bar came while the table was loading', async () => {
      const drawnOperations = () =>
        page.$$eval(
          'main tbody tr',
          (rows) => rows.filter((r) => (r as HTMLElement).checkVisibility() && /播放录音|下载录音文件/.test(r.textContent ?? '')).length,
        );
      const withRecording = (calls: { recordingKey: string | null; cdr: { HungUpSide: string } }[]) =>
        calls.filter((c) => c.cdr.HungUpSide === 'user' && c.recordingKey).length;
      await chip('hangup', 'user').click();
      await expect.poll(drawnOperations).toBe(withRecording(shownOnPage(0)));
      await page.getByRole('button', { name: '下一页' }).click();
      await expect.poll(visibleRowIds).toEqual(idsOf(shownOnPage(1).filter((c) => c.cdr.HungUpSide === 'user')));
      await expect.poll(drawnOperations).toBe(withRecording(shownOnPage(1)));
      // A reload: the filter is remembered, and the bar attaches while the table shows its loading row.
      await page.reload();
      await expect.poll(visibleRowIds, { timeout: 15_000 }).toEqual(idsOf(shownOnPage(0).filter((c) => c.cdr.HungUpSide === 'user')));
      await expect.poll(drawnOperations).toBe(withRecording(shownOnPage(0)));
      await bar().locator('[data-testid=clear-filters]').click();
      await expect.poll(drawnOperations).toBe(shownOnPage(0).filter((c) => c.recordingKey).length);
    });
  }

  if (m.table === 'tea' && !virtual) {
    it('follows the page-size dropdown, whose options open in a layer of their own', async () => {
      await page.getByRole('button', { name: /10 条\/页/ }).click();
      await page.getByRole('option', { name: '20 条/页' }).click();
      await expect.poll(visibleRowIds).toEqual(idsOf(workbench.calls.slice(0, 20)));
      await page.getByRole('button', { name: /20 条\/页/ }).click();
      await page.getByRole('option', { name: '10 条/页' }).click();
      await expect.poll(visibleRowIds).toEqual(idsOf(shownOnPage(0)));
    });
  }

  if (virtual) {
    it('counts the whole page though only the rows in view are drawn, and ties the rows that appear as the user scrolls', async () => {
      await expect.poll(visibleRowIds).toEqual(idsOf(shownOnPage(0)));
      const pageIds = idsOf(workbench.calls.slice(0, m.pageSize));
      await expect
        .poll(() => bar().locator('[data-testid=match-count]').textContent())
        .toMatch(new RegExp(`\\b${m.pageSize}\\D+${m.pageSize}\\b`));
      await page.locator('main tbody tr').nth(3).hover();
      for (let i = 0; i < 40 && !(await visibleRowIds()).includes(pageIds.at(-1)!); i++) await page.mouse.wheel(0, 400);
      await expect.poll(visibleRowIds).toContain(pageIds.at(-1)!);
      const ids = await visibleRowIds();
      expect(ids.length).toBeLessThanOrEqual(VIRTUAL_WINDOW);
      expect(ids.every((id) => pageIds.includes(id))).toBe(true);
      expect(ids).toEqual(pageIds.slice(pageIds.indexOf(ids[0]!), pageIds.indexOf(ids[0]!) + ids.length));
      // Back at the top the first rows are tied again.
      for (let i = 0; i < 40 && !(await visibleRowIds()).includes(pageIds[0]!); i++) await page.mouse.wheel(0, -400);
      await expect.poll(visibleRowIds).toEqual(idsOf(shownOnPage(0)));
    });
  }

  it('leaves the page’s own features working: paging, navigation, query, 播放录音, 下载录音文件', async () => {
    await page.goto('about:blank');
    await page.goto(workbench.recordPageUrl);
    await expect.poll(visibleRowIds, { timeout: 15_000 }).toEqual(idsOf(shownOnPage(0)));
    await page.getByRole('button', { name: '下一页' }).click();
    await expect.poll(visibleRowIds).toEqual(idsOf(shownOnPage(1)));
    await page.getByText('首页', { exact: true }).first().click();
    await expect.poll(() => page.getByText('欢迎使用腾讯云联络中心').count()).toBe(1);
    await page.getByText('电话客服', { exact: true }).first().click();
    await expect.poll(visibleRowIds, { timeout: 15_000 }).toEqual(idsOf(shownOnPage(0)));

    // Query by a customer's number; its recording plays and downloads through the page's own buttons.
    const call = workbench.calls.find((c) => c.recordingKey && c.cdr.Direction === 0 && /^0086\d{11}$/.test(c.cdr.Caller))!;
    const number = call.cdr.Caller.slice(4);
    await page.getByPlaceholder('请输入号码').fill(number);
    await page.getByRole('button', { name: '查询' }).click();
    await expect.poll(visibleRowIds).toContain(call.cdr.SessionId);
    const row = page.locator(m.table === 'aria-grid' ? '[role=row]' : 'tr', { hasText: number }).first();
    await clickOnLine(page, row, '播放录音');
    await expect.poll(() => page.locator('audio').getAttribute('src')).toMatch(/^https:\/\/tccc\.qcloud\.com\/tcccadmin\/getRecord\//);
    const before = (await ext.downloadedFiles()).length;
    await clickOnLine(page, row, '下载录音文件');
    const file = await waitForFile(ext, (f) => f.includes(call.cdr.SessionId) && !f.startsWith('TCCC录音/'));
    expect((await readFile(join(ext.downloadsDir, file))).equals(workbench.recordingBytes(call.cdr.SessionId))).toBe(true);
    expect((await ext.downloadedFiles()).length).toBe(before + 1);
  });

  // On a page that gives links only on demand, the 播放录音 above taught the extension how to ask.
  it('downloads a selected recording, byte for byte', async () => {
    // An inbound call: its caller is the customer, whose number finds it.
    const call = workbench.calls.find((c) => c.recordingKey && c.cdr.Direction === 0 && c.cdr.Caller)!;
    await bar().locator('[data-testid=text-search]').fill(call.cdr.Caller.replace(/^0086/, ''));
    await chip('recording', 'yes').click();
    await bar().locator('[data-testid=select-matching]').click();
    await expect.poll(() => bar().locator('[data-testid=download-selected]').textContent()).not.toMatch(/[（(]0[）)]/);
    await bar().locator('[data-testid=download-selected]').click();
    const file = await waitForFile(ext, (f) => f.includes(call.cdr.SessionId) && f.endsWith('.mp3'));
    expect((await readFile(join(ext.downloadsDir, file))).equals(workbench.recordingBytes(call.cdr.SessionId))).toBe(true);
  });
});
