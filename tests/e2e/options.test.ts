import { afterAll, beforeAll, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startStandIn, waitForFile } from './harness';

let s: Awaited<ReturnType<typeof startStandIn>>;

beforeAll(async () => {
  s = await startStandIn({ count: 30 });
});
afterAll(() => s?.dispose());

it('names files by the template the user writes, with masked numbers, and downloads again when asked to', async () => {
  const options = await s.ext.context.newPage();
  await options.goto(`chrome-extension://${s.ext.extensionId}/options.html`);
  const template = options.locator('[data-testid=option-template]');
  const preview = options.locator('[data-testid=template-preview]');
  await expect
    .poll(() => preview.textContent())
    .toMatch(/^TCCC录音\/\d{8}-\d{6}\/\d{8}-\d{6}_13812345678_075512345678_张三_3c5f9a2e-.*\.mp3$/);

  await template.fill('{agent}/{caller}-{satisfaction}');
  await expect.poll(() => preview.textContent()).toBe('TCCC录音/张三/13812345678-满意_3c5f9a2e-7b1d-4e8a-9f60-0123456789ab.mp3');
  expect(await options.locator('[data-testid=template-problems]').textContent()).toContain('{sessionId}');
  await options.locator('[data-testid=option-mask-phones]').check();
  await expect.poll(() => preview.textContent()).toContain('138＊＊＊＊5678-满意');
  await options.locator('[data-testid=option-skip-duplicates]').uncheck();
  await options.locator('[data-testid=save-options]').click();
  await expect.poll(() => options.getByRole('status').count()).toBe(1);
  await options.close();

  const call = s.workbench.calls.find(
    (c) => c.recordingKey && c.cdr.Direction === 0 && c.cdr.SeatUser?.Name && /^0086\d{11}$/.test(c.cdr.Caller),
  )!;
  const id = call.cdr.SessionId;
  const digits = call.cdr.Caller.slice(4);
  const bar = s.page.locator('tccc-record-tools');
  await s.page.goto(s.workbench.recordPageUrl);
  await bar.locator('[data-testid=text-search]').fill(digits);
  await bar.locator('[data-testid=filter-chip][data-group=recording][data-value=yes]').click();
  await bar.locator('[data-testid=select-matching]').click();
  await bar.locator('[data-testid=download-selected]').click();
  const folder = `TCCC录音/${call.cdr.SeatUser!.Name}/`;
  const masked = `${digits.slice(0, 3)}＊＊＊＊${digits.slice(-4)}`;
  const file = await waitForFile(s.ext, (f) => f.startsWith(folder) && f.includes(id));
  expect(file).toMatch(new RegExp(`^${folder}${masked}-.+_${id}\\.mp3$`));
  expect((await readFile(join(s.ext.downloadsDir, file))).equals(s.workbench.recordingBytes(id))).toBe(true);

  // Duplicates are not skipped now: the same call again lands beside the first, and the popup says so.
  await bar.locator('[data-testid=download-selected]').click();
  await waitForFile(s.ext, (f) => f.includes(id) && f !== file);
  const popup = await s.ext.openPopup();
  await expect
    .poll(() => popup.locator('[data-testid=batch]').first().locator('[data-reason=renamed]').count(), { timeout: 10_000 })
    .toBe(1);
  await popup.close();
});

it('leaves the workbench pages entirely alone when the page features are switched off', async () => {
  const options = await s.ext.context.newPage();
  await options.goto(`chrome-extension://${s.ext.extensionId}/options.html`);
  await options.locator('[data-testid=option-page-features]').uncheck();
  await options.locator('[data-testid=save-options]').click();
  await expect.poll(() => options.getByRole('status').count()).toBe(1);

  // A new page load: what was loaded into the old one stays until then.
  await s.page.goto('about:blank');
  await s.page.goto(s.workbench.recordPageUrl);
  await expect.poll(() => s.page.locator('tbody tr').count(), { timeout: 15_000 }).toBe(10);
  await s.page.waitForTimeout(1500);
  expect(await s.page.locator('tccc-record-tools').count()).toBe(0);
  expect(await s.page.locator('input[data-testid=row-select]').count()).toBe(0);
  // The tap in the manifest stepped aside: the page's fetch and XMLHttpRequest are the browser's own again.
  expect(await s.page.evaluate(() => window.fetch.toString().includes('[native code]'))).toBe(true);
  expect(await s.page.evaluate(() => XMLHttpRequest.prototype.open.toString().includes('[native code]'))).toBe(true);
  // The page's own paging still works.
  const firstRow = await s.page.locator('tbody tr').first().textContent();
  await s.page.getByRole('button', { name: '下一页' }).click();
  await expect.poll(() => s.page.locator('tbody tr').first().textContent()).not.toBe(firstRow);

  await options.locator('[data-testid=option-page-features]').check();
  await options.locator('[data-testid=save-options]').click();
  // Saved, as the options page then says (its status is still up from the first save).
  const worker = await s.ext.worker();
  await expect
    .poll(() =>
      worker.evaluate(() =>
        (
          globalThis as unknown as { chrome: { storage: { sync: { get(k: string): Promise<Record<string, unknown>> } } } }
        ).chrome.storage.sync
          .get('pageFeatures')
          .then((r) => r.pageFeatures),
      ),
    )
    .toBe(true);
  await s.page.reload();
  await expect.poll(() => s.page.locator('tccc-record-tools').count(), { timeout: 15_000 }).toBe(1);
  expect(await s.page.evaluate(() => window.fetch.toString().includes('[native code]'))).toBe(false);
  await options.close();
});
