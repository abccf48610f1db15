import { afterAll, beforeAll, expect, it } from 'vitest';
import { startStandIn } from './harness';
import { selectAcrossQuery, toolsOf } from './page-actions';

let standIn: Awaited<ReturnType<typeof startStandIn>>;

beforeAll(async () => {
  standIn = await startStandIn({ count: 60, recordingBytes: 32 * 1024, seed: 9 });
});
afterAll(() => standIn?.dispose());

it('pauses, resumes and cancels a batch from the popup', async () => {
  const { workbench, ext, page } = standIn;
  workbench.setFaults({ bytesPerSecond: 48 * 1024 });
  await page.goto(workbench.recordPageUrl);
  await selectAcrossQuery(page, workbench, [['recording', 'yes']]);
  const bar = toolsOf(page);
  await bar.locator('[data-testid=download-selected]').click();

  const popup = await ext.openPopup();
  const batch = popup.locator('[data-testid=batch]').first();
  const progress = batch.locator('[data-testid=batch-progress]');
  await expect.poll(() => batch.getAttribute('data-state')).toBe('running');

  // While it runs: its pace, near the server's 48 KB/s, and the time left.
  const pace = batch.locator('[data-testid=batch-pace]');
  await expect.poll(() => pace.count(), { timeout: 15_000 }).toBe(1);
  await expect.poll(async () => Number(await pace.getAttribute('data-seconds-left')), { timeout: 15_000 }).toBeGreaterThan(0);
  const speed = Number(await pace.getAttribute('data-speed'));
  expect(speed).toBeGreaterThan(10 * 1024);
  expect(speed).toBeLessThan(4 * 48 * 1024);
  expect(await batch.locator('[data-testid=open-folder]').count()).toBe(1);

  await batch.locator('[data-testid=pause]').click();
  await expect.poll(() => batch.getAttribute('data-state')).toBe('paused');
  const pausedAt = Number(await progress.getAttribute('data-done'));
  await popup.waitForTimeout(2000);
  expect(Number(await progress.getAttribute('data-done'))).toBe(pausedAt);
  expect(Number(await progress.getAttribute('data-total'))).toBeGreaterThan(pausedAt);

  await batch.locator('[data-testid=resume]').click();
  await expect.poll(() => batch.getAttribute('data-state')).toBe('running');
  await expect.poll(async () => Number(await progress.getAttribute('data-done')), { timeout: 20_000 }).toBeGreaterThan(pausedAt);

  await batch.locator('[data-testid=cancel]').click();
  await expect.poll(() => batch.getAttribute('data-state')).toBe('canceled');
  const canceledAt = Number(await progress.getAttribute('data-done'));
  await popup.waitForTimeout(2000);
  expect(Number(await progress.getAttribute('data-done'))).toBe(canceledAt);
  expect(await batch.locator('[data-testid=resume]').count()).toBe(0);
  workbench.setFaults({});
});
