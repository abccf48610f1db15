import { afterAll, beforeAll, expect, it } from 'vitest';
import { startStandIn } from './harness';
import { expectEachRecordingOnce, selectAcrossQuery, toolsOf } from './page-actions';

let standIn: Awaited<ReturnType<typeof startStandIn>>;

beforeAll(async () => {
  // The user has "Ask where to save each file before downloading" on in the browser's settings.
  standIn = await startStandIn({ count: 30, recordingBytes: 32 * 1024, seed: 21 }, { askWhereToSave: true });
});
afterAll(() => standIn?.dispose());

it('pauses at the first file when the browser asks where to save each one, says what to change, and finishes once it is off', async () => {
  const { workbench, ext, page } = standIn;
  await page.goto(workbench.recordPageUrl);
  await selectAcrossQuery(page, workbench, [['recording', 'yes']]);
  const ids = workbench.calls.filter((c) => c.recordingKey).map((c) => c.cdr.SessionId);
  await toolsOf(page).locator('[data-testid=download-selected]').click();

  const popup = await ext.openPopup();
  const batch = popup.locator('[data-testid=batch]').first();
  await expect.poll(() => batch.getAttribute('data-state'), { timeout: 30_000 }).toBe('paused');
  // One message, naming the setting; nothing failed, nothing saved.
  const reasons = batch.locator('[data-testid=batch-reasons] li');
  expect(await reasons.evaluateAll((lis) => lis.map((li) => li.getAttribute('data-reason')))).toEqual(['ask-where-to-save']);
  expect(await reasons.first().textContent()).toContain('chrome://settings/downloads');
  expect(await batch.locator('[data-testid=batch-progress]').getAttribute('data-failed')).toBe('0');
  expect((await ext.downloadedFiles()).filter((f) => f.endsWith('.mp3'))).toEqual([]);

  // The user turns the setting off where the message says, and resumes the batch.
  const settings = await ext.context.newPage();
  await settings.goto('chrome://settings/downloads');
  const ask = settings
    .locator('settings-toggle-button')
    .filter({ hasText: /Ask where to save each file|下载前询问每个文件的保存位置/ })
    .locator('cr-toggle');
  await expect
    .poll(() => ask.getAttribute('checked'), { timeout: 15_000 })
    .toBe('')
    .catch(async (error: Error) => {
      const labels = await settings
        .locator('settings-toggle-button')
        .evaluateAll((els) => els.map((e) => e.shadowRoot?.textContent?.replace(/\s+/g, ' ').trim()));
      throw new Error(`${error.message}\ntoggles: ${JSON.stringify(labels)}`);
    });
  await ask.click();
  await expect.poll(() => ask.getAttribute('checked')).toBe(null);
  await batch.locator('[data-testid=resume]').click();
  await expect.poll(() => batch.getAttribute('data-state'), { timeout: 90_000 }).toBe('done');
  await expectEachRecordingOnce(ext, workbench, ids, 30_000);
}, 180_000);
