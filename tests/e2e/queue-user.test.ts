import { afterEach, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startStandIn } from './harness';
import { expectEachRecordingOnce, selectAcrossQuery, toolsOf } from './page-actions';
import type { Faults } from '../workbench/server';

let standIn: Awaited<ReturnType<typeof startStandIn>> | undefined;
afterEach(() => standIn?.dispose());

/** Every recording of the stand-in's query handed to the queue, the server doing `faults`, and the popup open. */
async function downloadAll(faults: (ids: string[]) => Faults, concurrency?: number) {
  standIn = await startStandIn({ count: 40, recordingBytes: 32 * 1024, seed: 15 });
  const { workbench, ext, page } = standIn;
  if (concurrency) {
    const options = await ext.context.newPage();
    await options.goto(`chrome-extension://${ext.extensionId}/options.html`);
    await options.locator('[data-testid=option-concurrency]').fill(String(concurrency));
    await options.locator('[data-testid=save-options]').click();
    await expect.poll(() => options.getByRole('status').count()).toBe(1);
    await options.close();
  }
  await page.goto(workbench.recordPageUrl);
  await selectAcrossQuery(page, workbench, [['recording', 'yes']]);
  const ids = workbench.calls.filter((c) => c.recordingKey).map((c) => c.cdr.SessionId);
  workbench.setFaults(faults(ids));
  await toolsOf(page).locator('[data-testid=download-selected]').click();
  const popup: Page = await ext.openPopup();
  const batch = popup.locator('[data-testid=batch]').first();
  return { ids, workbench, ext, popup, batch, progress: batch.locator('[data-testid=batch-progress]') };
}

// A 410 is not told apart: Chrome reports it as SERVER_FAILED, as it does a 500, and it is retried like one.
it('asks once for a fresh link to a recording the server answers 404 for, then fails it with that reason', async () => {
  const gone = (ids: string[]) => [ids[1]!, ids[5]!];
  const { ids, workbench, batch, progress } = await downloadAll((ids) => ({ missing: gone(ids) }));
  await expect.poll(() => batch.getAttribute('data-state'), { timeout: 60_000 }).toBe('failed');
  expect([await progress.getAttribute('data-done'), await progress.getAttribute('data-failed')]).toEqual([String(ids.length - 2), '2']);
  expect(await batch.locator('[data-reason=SERVER_BAD_CONTENT]').getAttribute('data-count')).toBe('2');
  // The link it came with, then one fresh link: not six tries in the dark.
  for (const id of gone(ids)) expect(workbench.requestCount(id), id).toBe(2);
}, 120_000);

it('stops a download the user pauses or cancels in the browser’s download list, says so, and frees its slot', async () => {
  // One at a time: a download kept paused in the list would hold the only slot.
  const { ids, workbench, ext, batch, progress } = await downloadAll(() => ({ bytesPerSecond: 4 * 1024 }), 1);
  const list = await ext.context.newPage();
  await list.goto('chrome://downloads');
  // The one under way shows its progress bar; its ⋮ menu holds Pause and Cancel.
  const going = list
    .locator('downloads-item')
    .filter({ has: list.locator('#progress') })
    .first();
  const fromMenu = async (action: 'pause-or-resume' | 'cancel') => {
    await going.locator('#more-actions').click({ timeout: 30_000 });
    await going.locator(`#${action}`).click();
  };

  await fromMenu('pause-or-resume');
  await expect.poll(() => batch.locator('[data-reason=USER_PAUSED]').count(), { timeout: 30_000 }).toBe(1);
  // The next one starts in the slot the paused one left; the user cancels it.
  await fromMenu('cancel');
  await expect.poll(() => batch.locator('[data-reason=USER_CANCELED]').count(), { timeout: 30_000 }).toBe(1);

  workbench.setFaults({});
  await expect.poll(() => batch.getAttribute('data-state'), { timeout: 90_000 }).toBe('failed');
  expect([await progress.getAttribute('data-done'), await progress.getAttribute('data-failed')]).toEqual([String(ids.length - 2), '2']);
  // Both come back when the user asks.
  await batch.locator('[data-testid=retry-failed]').click();
  await expect.poll(() => batch.getAttribute('data-state'), { timeout: 60_000 }).toBe('done');
  await expectEachRecordingOnce(ext, workbench, ids, 30_000);
}, 240_000);
