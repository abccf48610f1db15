import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Workbench } from '../workbench/server';
import { startStandIn, waitForFile, type ExtensionBrowser } from './harness';
import { toolsOf } from './page-actions';

/**
 * The workbench's own scripts (a third-party script, an XSS) share the page with us and can
 * click inside our open shadow root. What they do starts nothing; what a person does still works.
 */
let standIn: Awaited<ReturnType<typeof startStandIn>>;
let workbench: Workbench;
let ext: ExtensionBrowser;
let page: Page;

const bar = () => toolsOf(page);
const rowIds = () => page.$$eval('input[data-testid=row-select]', (boxes) => boxes.map((b) => (b as HTMLInputElement).dataset.sessionId!));
const checkedIds = () =>
  page.$$eval('input[data-testid=row-select]', (boxes) =>
    boxes.filter((b) => (b as HTMLInputElement).checked).map((b) => (b as HTMLInputElement).dataset.sessionId!),
  );
const selectedCount = async () => Number((await bar().locator('[data-testid=download-selected]').textContent())?.match(/\d+/)?.[0] ?? NaN);
const batchCount = async () => {
  const popup = await ext.openPopup();
  await popup.locator('body').waitFor();
  await popup.waitForTimeout(500);
  const n = await popup.locator('[data-testid=batch]').count();
  await popup.close();
  return n;
};

/** A page script clicks our controls and row boxes the ways a script can. */
const pageScriptClicks = (testids: string[], rowBoxes: boolean) =>
  page.evaluate(
    (clicks) => {
      const root = document.querySelector('tccc-record-tools')!.shadowRoot!;
      for (const id of clicks.testids) {
        const el = root.querySelector<HTMLElement>(`[data-testid=${id}]`);
        el?.click();
        el?.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
      }
      if (clicks.rowBoxes) {
        for (const box of document.querySelectorAll<HTMLInputElement>('input[data-testid=row-select]')) {
          box.click();
          box.checked = true;
          box.dispatchEvent(new Event('change', { bubbles: true }));
        }
      }
    },
    { testids, rowBoxes },
  );

beforeAll(async () => {
  standIn = await startStandIn({ count: 45, recordingBytes: 16 * 1024 });
  ({ workbench, ext, page } = standIn);
});

afterAll(() => standIn?.dispose());

describe('a page script driving our bar', () => {
  it('selects nothing, collects nothing and downloads nothing with synthetic clicks', async () => {
    await page.goto(workbench.recordPageUrl);
    await expect.poll(() => bar().count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => rowIds().then((ids) => ids.length), { timeout: 15_000 }).toBe(10);
    await pageScriptClicks(['select-matching', 'collect-all'], true);
    await page.waitForTimeout(1000);
    expect(await selectedCount()).toBe(0);
    expect(await checkedIds()).toEqual([]);
    expect(await bar().locator('[data-testid=collect-progress]').count()).toBe(0);
    expect(await bar().locator('[data-testid=match-count]').textContent()).not.toContain(String(workbench.calls.length));

    // With a selection the person made, the page still cannot start the download nor clear it.
    const first = (await rowIds())[0]!;
    await page.locator(`input[data-testid=row-select][data-session-id="${first}"]`).check();
    await expect.poll(selectedCount).toBe(1);
    await pageScriptClicks(['download-selected', 'clear-selection'], false);
    await page.waitForTimeout(1500);
    expect(await selectedCount()).toBe(1);
    expect(await batchCount()).toBe(0);
    expect(await ext.downloadedFiles()).toEqual([]);
  });

  it('still does what a person clicks', async () => {
    await bar().locator('[data-testid=clear-selection]').click();
    await expect.poll(selectedCount).toBe(0);
    await bar().locator('[data-testid=select-matching]').click();
    await expect.poll(selectedCount).toBe(10);
    await bar().locator('[data-testid=clear-selection]').click();
    await expect.poll(selectedCount).toBe(0);
  });
});

describe('a call whose RecordURL is a placeholder beside its COS copy', () => {
  it('downloads from COS, which needs no host permission', async () => {
    const index = workbench.calls.findIndex((c) => workbench.cosOnlyIds.includes(c.cdr.SessionId));
    expect(index).toBeGreaterThanOrEqual(0);
    const id = workbench.calls[index]!.cdr.SessionId;
    for (let pageNo = 0; pageNo < Math.floor(index / 10); pageNo++) {
      const before = (await rowIds())[0];
      await page.getByRole('button', { name: '下一页' }).click();
      await expect.poll(() => rowIds().then((ids) => ids[0])).not.toBe(before);
    }
    const box = page.locator(`input[data-testid=row-select][data-session-id="${id}"]`);
    await box.check();
    await bar().locator('[data-testid=download-selected]').click();
    const file = await waitForFile(ext, (p) => p.includes(id));
    expect((await readFile(join(ext.downloadsDir, file))).equals(workbench.recordingBytes(id, 'custom'))).toBe(true);
  });
});
