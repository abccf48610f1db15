import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Workbench } from '../workbench/server';
import { satisfactionOf } from '../workbench/generator';
import { compactDateTime } from '../../utils/naming/compact-date-time';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startStandIn, waitForFile, type ExtensionBrowser } from './harness';
import { chipOf, toolsOf, visibleRowIds as visibleRowIdsOf } from './page-actions';

let workbench: Workbench;
let ext: ExtensionBrowser;
let page: Page;

const bar = () => toolsOf(page);
const chip = (group: string, value: string) => chipOf(page, group, value);
const visibleRowIds = () => visibleRowIdsOf(page);
const allRowIds = () =>
  page.$$eval('input[data-testid=row-select]', (boxes) => boxes.map((b) => (b as HTMLInputElement).dataset.sessionId!));

async function openRecordPage() {
  await page.goto(workbench.recordPageUrl);
  await expect.poll(() => bar().count(), { timeout: 15_000 }).toBe(1);
  await expect.poll(() => allRowIds().then((ids) => ids.length), { timeout: 15_000 }).toBe(10);
}

let standIn: Awaited<ReturnType<typeof startStandIn>>;

beforeAll(async () => {
  standIn = await startStandIn({ count: 45 });
  ({ workbench, ext, page } = standIn);
});

afterAll(() => standIn?.dispose());

describe('filters, selection and collecting on the record page', () => {
  it('marks every row with its real session id, joined from the page’s own data', async () => {
    await openRecordPage();
    const firstPage = workbench.calls.slice(0, 10).map((c) => c.cdr.SessionId);
    expect(await allRowIds()).toEqual(firstPage);
  });

  it('a satisfaction chip shows exactly the rows the data says, with the right count', async () => {
    const onPage = workbench.calls.slice(0, 10);
    const label = onPage.map((c) => satisfactionOf(c.cdr)).find((s) => s !== null)!;
    const expected = onPage.filter((c) => satisfactionOf(c.cdr) === label).map((c) => c.cdr.SessionId);
    await expect.poll(() => chip('satisfaction', label).textContent()).toContain(String(expected.length));
    await chip('satisfaction', label).click();
    expect(await chip('satisfaction', label).getAttribute('aria-pressed')).toBe('true');
    await expect.poll(visibleRowIds).toEqual(expected);
    expect(await bar().locator('[data-testid=match-count]').textContent()).toContain(String(expected.length));

    // AND across groups: customer hung up, too.
    await chip('hangup', 'user').click();
    const both = onPage.filter((c) => satisfactionOf(c.cdr) === label && c.cdr.HungUpSide === 'user').map((c) => c.cdr.SessionId);
    await expect.poll(visibleRowIds).toEqual(both);

    await bar().locator('[data-testid=clear-filters]').click();
    await expect.poll(() => visibleRowIds().then((v) => v.length)).toBe(10);
  });

  it('remembers the filter for the next visit', async () => {
    await chip('direction', 'out').click();
    await page.reload();
    await expect.poll(() => bar().count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => chip('direction', 'out').getAttribute('aria-pressed')).toBe('true');
    const outbound = workbench.calls
      .slice(0, 10)
      .filter((c) => c.cdr.Direction === 1)
      .map((c) => c.cdr.SessionId);
    await expect.poll(visibleRowIds).toEqual(outbound);
    await bar().locator('[data-testid=clear-filters]').click();
  });

  it('keeps the selection across pages and counts it on the download button', async () => {
    await openRecordPage();
    const boxes = page.locator('input[data-testid=row-select]');
    await boxes.nth(0).check();
    await boxes.nth(2).check();
    await page.getByRole('button', { name: '下一页' }).click();
    await expect.poll(() => allRowIds().then((ids) => ids[0])).toBe(workbench.calls[10]!.cdr.SessionId);
    await page.locator('input[data-testid=row-select]').nth(1).check();
    await expect.poll(() => bar().locator('[data-testid=download-selected]').textContent()).toContain('3');
    await page.getByRole('button', { name: '上一页' }).click();
    await expect.poll(() => allRowIds().then((ids) => ids[0])).toBe(workbench.calls[0]!.cdr.SessionId);
    const checked = await page.$$eval('input[data-testid=row-select]', (b) => b.map((x) => (x as HTMLInputElement).checked));
    expect(checked.slice(0, 3)).toEqual([true, false, true]);
  });

  it('collects every page of the query, returns to the page the user was on, and filters over all of it', async () => {
    await page.getByRole('button', { name: '下一页' }).click();
    await expect.poll(() => allRowIds().then((ids) => ids[0])).toBe(workbench.calls[10]!.cdr.SessionId);
    await bar().locator('[data-testid=collect-all]').click();
    await expect
      .poll(() => bar().locator('[data-testid=match-count]').textContent(), { timeout: 60_000 })
      .toContain(String(workbench.calls.length));
    expect((await allRowIds())[0]).toBe(workbench.calls[10]!.cdr.SessionId);

    const unrated = workbench.calls.filter((c) => satisfactionOf(c.cdr) === null).length;
    await expect.poll(() => chip('satisfaction', 'none').textContent()).toContain(String(unrated));
    await chip('recording', 'yes').click();
    const withRecording = workbench.calls.filter((c) => c.recordingKey !== null).length;
    await bar().locator('[data-testid=clear-selection]').click();
    await bar().locator('[data-testid=select-matching]').click();
    await expect.poll(() => bar().locator('[data-testid=download-selected]').textContent()).toContain(String(withRecording));
    await bar().locator('[data-testid=clear-filters]').click();
  });

  it('re-attaches after navigating away and back', async () => {
    await page.getByText('首页', { exact: true }).first().click();
    await expect.poll(() => bar().count()).toBe(0);
    await page.getByText('电话客服', { exact: true }).first().click();
    await expect.poll(() => bar().count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => allRowIds().then((ids) => ids.length), { timeout: 15_000 }).toBe(10);
  });

  it('on a page that shows records without the table, says what is missing and leaves the page working', async () => {
    await page.goto(workbench.recordPageUrl.replace('/service-record/tel', '/service-record/tel-cards'));
    const notice = bar().locator('[data-testid=notice]');
    await expect.poll(() => notice.count(), { timeout: 15_000 }).toBe(1);
    expect(await notice.textContent()).toMatch(/时间|主叫号码|table|表格/);
    expect(await bar().locator('[data-testid=filter-chip]').count()).toBe(0);
    const first = await page
      .locator('main')
      .getByText(/\d{4}-\d{2}-\d{2} \d{2}:/)
      .first()
      .textContent();
    await page.getByRole('button', { name: '下一页' }).click();
    await expect
      .poll(() =>
        page
          .locator('main')
          .getByText(/\d{4}-\d{2}-\d{2} \d{2}:/)
          .first()
          .textContent(),
      )
      .not.toBe(first);

    // One click copies what the extension saw: the responses' shapes, no call's data.
    await ext.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: workbench.origin });
    await notice.locator('[data-testid=copy-diagnostics]').click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText()), { timeout: 5_000 }).toContain('TCCC 录音助手 diagnostics');
    const report = JSON.parse(await page.evaluate(() => navigator.clipboard.readText()));
    expect(report.responses[0]).toMatchObject({
      path: '/tcccadmin/cdr/telList',
      shape: { data: { TelCdrList: { of: { SessionId: 'string' } } } },
    });
    expect(report.records.normalized).toBeGreaterThan(0);
    const text = JSON.stringify(report);
    for (const c of workbench.calls) {
      expect(text).not.toContain(c.cdr.SessionId);
      if (c.cdr.Caller.length >= 8) expect(text).not.toContain(c.cdr.Caller.slice(-8));
    }
  });

  it('downloads the selected recordings with one click, named after each call', async () => {
    await openRecordPage();
    await bar()
      .locator('[data-testid=clear-selection]')
      .click()
      .catch(() => {});
    await chip('recording', 'yes').click();
    const ids = (await visibleRowIds()).slice(0, 2);
    expect(ids.length).toBe(2);
    for (const id of ids) await page.locator(`input[data-testid=row-select][data-session-id="${id}"]`).check();
    await bar().locator('[data-testid=download-selected]').click();
    for (const id of ids) {
      const file = await waitForFile(ext, (p) => p.includes(id));
      expect((await readFile(join(ext.downloadsDir, file))).equals(workbench.recordingBytes(id))).toBe(true);
    }
    await expect.poll(() => bar().locator('[data-testid=toolbar-message]').textContent()).toContain('2');
    await bar().locator('[data-testid=clear-filters]').click();

    // The popup shows the batch, finished, with its counts.
    const popup = await ext.openPopup();
    const batch = popup.locator('[data-testid=batch]').first();
    await expect.poll(() => batch.getAttribute('data-state'), { timeout: 10_000 }).toBe('done');
    const progress = batch.locator('[data-testid=batch-progress]');
    expect(await progress.getAttribute('data-done')).toBe('2');
    expect(await progress.getAttribute('data-total')).toBe('2');
    await popup.close();

    // Beside the recordings, the batch's manifest: one row per call, with its file name.
    const manifest = await waitForFile(ext, (p) => p.endsWith('清单.csv'));
    const folder = (await waitForFile(ext, (p) => p.includes(ids[0]!))).split('/').slice(0, -1).join('/');
    expect(manifest).toBe(`${folder}/清单.csv`);
    const csv = await readFile(join(ext.downloadsDir, manifest), 'utf8');
    expect(csv.startsWith('\ufeff')).toBe(true);
    for (const id of ids) expect(csv).toMatch(new RegExp(`"${id}".*"已下载"`));
  });

  it('downloads 30 rows picked over three pages: every recording under its call’s name, a manifest row for each', async () => {
    await openRecordPage();
    const clear = bar().locator('[data-testid=clear-selection]');
    if (await clear.isEnabled()) await clear.click();
    const picked = workbench.calls.slice(10, 40);
    for (let p = 0; p < 3; p++) {
      await page.getByRole('button', { name: '下一页' }).click();
      await expect.poll(allRowIds).toEqual(picked.slice(p * 10, p * 10 + 10).map((c) => c.cdr.SessionId));
      for (const box of await page.locator('input[data-testid=row-select]').all()) await box.check();
    }
    await expect.poll(() => bar().locator('[data-testid=download-selected]').textContent()).toContain('30');
    await bar().locator('[data-testid=download-selected]').click();

    const withRecording = picked.filter((c) => c.recordingKey);
    const files = await Promise.all(withRecording.map((c) => waitForFile(ext, (p) => p.endsWith(`_${c.cdr.SessionId}.mp3`))));
    const folder = files[0]!.split('/').slice(0, -1).join('/');
    expect(folder).toMatch(/^TCCC录音\/\d{8}-\d{6}$/);
    for (const [i, c] of withRecording.entries()) {
      const name = files[i]!;
      expect(name.startsWith(`${folder}/${compactDateTime(c.cdr.StartTimestamp)}_`)).toBe(true);
      if (c.cdr.SeatUser?.Name) expect(name).toContain(`_${c.cdr.SeatUser.Name}_`);
      expect((await readFile(join(ext.downloadsDir, name))).equals(workbench.recordingBytes(c.cdr.SessionId))).toBe(true);
    }

    const manifest = await waitForFile(ext, (p) => p === `${folder}/清单.csv`);
    const rows = (await readFile(join(ext.downloadsDir, manifest), 'utf8')).trim().split('\r\n');
    expect(rows).toHaveLength(1 + picked.length);
    for (const c of picked) {
      const row = rows.find((r) => r.startsWith(`"${c.cdr.SessionId}"`))!;
      if (c.recordingKey) expect(row).toContain(`"${files[withRecording.indexOf(c)]!.split('/').pop()}","已下载"`);
      else expect(row).toContain('"跳过","无录音"');
    }
  });
});
