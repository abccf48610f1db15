import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Workbench } from '../workbench/server';
import { satisfactionOf } from '../workbench/generator';
import { PAGE_MODES, PAGE_MODE_NAMES } from '../workbench/modes';
import { startStandIn, waitForFile, type ExtensionBrowser } from './harness';
import { chipOf, toolsOf, visibleRowIds as visibleRowIdsOf } from './page-actions';

// The same scenarios on every plausible workbench: the extension must not care which one it is on.
describe.each(PAGE_MODE_NAMES)('on the %s workbench', (mode) => {
  let standIn: Awaited<ReturnType<typeof startStandIn>>;
  let workbench: Workbench;
  let ext: ExtensionBrowser;
  let page: Page;

  const bar = () => toolsOf(page);
  const chip = (group: string, value: string) => chipOf(page, group, value);
  const visibleRowIds = () => visibleRowIdsOf(page);

  /** Errors our scripts left in the page's console, or threw uncaught there. */
  const ourErrors: string[] = [];

  beforeAll(async () => {
    standIn = await startStandIn({ count: 36, mode });
    ({ workbench, ext, page } = standIn);
    page.on('console', (m) => {
      if (m.type() === 'error' && m.location().url.startsWith('chrome-extension://')) ourErrors.push(m.text());
    });
    page.on('pageerror', (e) => {
      if (String(e.stack).includes('chrome-extension://')) ourErrors.push(String(e));
    });
  });

  afterAll(() => standIn?.dispose());

  // Runs last in each mode: nothing we did put an error into the page's console.
  afterAll(() => expect(ourErrors).toEqual([]));

  it('attaches to the table and marks each row with its real session id', async () => {
    await page.goto(workbench.recordPageUrl);
    await expect.poll(() => bar().count(), { timeout: 15_000 }).toBe(1);
    const firstPage = workbench.calls.slice(0, 10).map((c) => c.cdr.SessionId);
    await expect.poll(visibleRowIds, { timeout: 15_000 }).toEqual(firstPage);
  });

  it('filters by hang-up side and satisfaction to exactly the rows the data says', async () => {
    const onPage = workbench.calls.slice(0, 10);
    await chip('hangup', 'user').click();
    await expect.poll(visibleRowIds).toEqual(onPage.filter((c) => c.cdr.HungUpSide === 'user').map((c) => c.cdr.SessionId));
    await bar().locator('[data-testid=clear-filters]').click();
    const label = onPage.map((c) => satisfactionOf(c.cdr)).find((s) => s !== null)!;
    await chip('satisfaction', label).click();
    await expect.poll(visibleRowIds).toEqual(onPage.filter((c) => satisfactionOf(c.cdr) === label).map((c) => c.cdr.SessionId));
    await bar().locator('[data-testid=clear-filters]').click();
  });

  it('keeps the selection across pages', async () => {
    const boxes = page.locator('input[data-testid=row-select]:visible');
    await boxes.nth(1).check();
    await page.getByRole('button', { name: '下一页' }).click();
    await expect.poll(visibleRowIds).toEqual(workbench.calls.slice(10, 20).map((c) => c.cdr.SessionId));
    await boxes.nth(0).check();
    await expect.poll(() => bar().locator('[data-testid=download-selected]').textContent()).toContain('2');
    await page.getByRole('button', { name: '上一页' }).click();
    await expect.poll(() => page.locator('input[data-testid=row-select]:visible:checked').count()).toBe(1);
    await bar().locator('[data-testid=clear-selection]').click();
  });

  it('collects every page of the query and selects over all of it', async () => {
    await bar().locator('[data-testid=collect-all]').click();
    await expect.poll(() => bar().locator('[data-testid=match-count]').textContent(), { timeout: 60_000 }).toContain(String(workbench.calls.length));
    await chip('direction', 'out').click();
    const outbound = workbench.calls.filter((c) => c.cdr.Direction === 1);
    await expect.poll(() => bar().locator('[data-testid=match-count]').textContent()).toContain(String(outbound.length));
    await bar().locator('[data-testid=select-matching]').click();
    await expect.poll(() => bar().locator('[data-testid=download-selected]').textContent()).toContain(String(outbound.length));
    await bar().locator('[data-testid=clear-selection]').click();
    await bar().locator('[data-testid=clear-filters]').click();
  });

  it('leaves the page’s own features working: paging, navigation, query, 播放录音, 下载录音文件', async () => {
    await page.goto('about:blank');
    await page.goto(workbench.recordPageUrl);
    await expect.poll(visibleRowIds, { timeout: 15_000 }).toEqual(workbench.calls.slice(0, 10).map((c) => c.cdr.SessionId));
    await page.getByRole('button', { name: '下一页' }).click();
    await expect.poll(visibleRowIds).toEqual(workbench.calls.slice(10, 20).map((c) => c.cdr.SessionId));
    await page.getByText('首页', { exact: true }).first().click();
    await expect.poll(() => page.getByText('欢迎使用腾讯云联络中心').count()).toBe(1);
    await page.getByText('电话客服', { exact: true }).first().click();
    await expect.poll(visibleRowIds, { timeout: 15_000 }).toHaveLength(10);

    // Query by a customer's number; its recording plays and downloads through the page's own buttons.
    const call = workbench.calls.find((c) => c.recordingKey && c.cdr.Direction === 0 && /^0086\d{11}$/.test(c.cdr.Caller))!;
    const number = call.cdr.Caller.slice(4);
    await page.getByPlaceholder('请输入号码').fill(number);
    await page.getByRole('button', { name: '查询' }).click();
    await expect.poll(visibleRowIds).toContain(call.cdr.SessionId);
    const row = page.locator(PAGE_MODES[mode].table === 'aria-grid' ? '[role=row]' : 'tr', { hasText: number }).first();
    await row.getByText('播放录音').click();
    await expect.poll(() => page.locator('audio').getAttribute('src')).toMatch(/^https:\/\/tccc\.qcloud\.com\/tcccadmin\/getRecord\//);
    const before = (await ext.downloadedFiles()).length;
    await row.getByText('下载录音文件').click();
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
    await bar().locator('[data-testid=download-selected]').click();
    const file = await waitForFile(ext, (f) => f.includes(call.cdr.SessionId) && f.endsWith('.mp3'));
    expect((await readFile(join(ext.downloadsDir, file))).equals(workbench.recordingBytes(call.cdr.SessionId))).toBe(true);
  });
});
