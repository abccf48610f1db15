import { afterAll, beforeAll, expect, it } from 'vitest';
import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { startStandIn, waitForFile } from './harness';
import { chipOf, selectAcrossQuery, toolsOf, visibleRowIds } from './page-actions';
import type { Page } from 'playwright-core';
import { RECORD_LIMITS } from '../../utils/record/record';

/**
 * Remarks as long as a record keeps them: a manifest of 80 calls past 80 KB, from a Blob URL
 * (Firefox refuses `data:` downloads; Chromium 156 here took `data:` URLs past 2 MiB too).
 */
const REMARK_CHARS = RECORD_LIMITS.text;
const CALLS = 80;

let standIn: Awaited<ReturnType<typeof startStandIn>>;

beforeAll(async () => {
  standIn = await startStandIn({ count: CALLS, recordingBytes: 8 * 1024, seed: 21, remarkChars: REMARK_CHARS });
});
afterAll(() => standIn?.dispose());

const folderOf = (path: string) => path.split('/').slice(0, -1).join('/');

/** The first `n` rows on this page with a recording, as a person finds them: the 录音: 有 chip. */
async function rowsWithRecording(page: Page, n: number): Promise<string[]> {
  await chipOf(page, 'recording', 'yes').click();
  await expect.poll(async () => (await visibleRowIds(page)).length).toBeGreaterThanOrEqual(n);
  const ids = (await visibleRowIds(page)).slice(0, n);
  await chipOf(page, 'recording', 'yes').click();
  return ids;
}

it('says in the popup when a batch could not get its manifest, and why', async () => {
  const { workbench, ext, page } = standIn;
  // Slow enough to put something in the manifest's way before the batch ends.
  workbench.setFaults({ bytesPerSecond: 2 * 1024 });
  await page.goto(workbench.recordPageUrl);
  const picked = await rowsWithRecording(page, 2);
  for (const id of picked) await page.locator(`input[data-testid=row-select][data-session-id="${id}"]`).check();
  await toolsOf(page).locator('[data-testid=download-selected]').click();
  // The batch's folder shows as its first downloads begin; a folder where the manifest should go stops the browser saving it.
  let folder: string | undefined;
  await expect
    .poll(async () => (folder = (await readdir(join(ext.downloadsDir, 'TCCC录音')).catch(() => []))[0]), { timeout: 20_000 })
    .toBeTruthy();
  await mkdir(join(ext.downloadsDir, 'TCCC录音', folder!, '清单.csv'));
  workbench.setFaults({});

  const popup = await ext.openPopup();
  const batch = popup.locator('[data-testid=batch]').first();
  await expect.poll(() => batch.getAttribute('data-state'), { timeout: 30_000 }).toBe('done');
  const missing = batch.locator('[data-testid=no-manifest]');
  await expect.poll(() => missing.count()).toBe(1);
  expect(await missing.getAttribute('data-reason')).toBeTruthy();
  expect(await missing.textContent()).toContain('清单.csv');
  await popup.close();
});

it('writes a large manifest beside its recordings, one row per call with its whole remark', async () => {
  const { workbench, ext, page } = standIn;
  await page.goto(workbench.recordPageUrl);
  await selectAcrossQuery(page, workbench);
  const before = new Set((await ext.downloadedFiles()).map(folderOf));
  await toolsOf(page).locator('[data-testid=download-selected]').click();

  const folder = folderOf(await waitForFile(ext, (p) => p.endsWith('.mp3') && !before.has(folderOf(p))));
  const manifest = await waitForFile(ext, (p) => p === `${folder}/清单.csv`, 60_000);
  expect((await stat(join(ext.downloadsDir, manifest))).size).toBeGreaterThan(CALLS * REMARK_CHARS);
  const rows = (await readFile(join(ext.downloadsDir, manifest), 'utf8')).trim().split('\r\n');
  expect(rows).toHaveLength(1 + CALLS);
  for (const c of workbench.calls)
    expect(rows.some((r) => r.startsWith(`"${c.cdr.SessionId}"`) && r.includes(c.cdr.Remark.slice(-100)))).toBe(true);

  const popup = await ext.openPopup();
  const batch = popup.locator('[data-testid=batch]').first();
  await expect.poll(() => batch.getAttribute('data-state'), { timeout: 30_000 }).toBe('done');
  expect(await batch.locator('[data-testid=no-manifest]').count()).toBe(0);
  await popup.close();
});

it('clears the history of finished batches from the popup', async () => {
  const popup = await standIn.ext.openPopup();
  await expect.poll(() => popup.locator('[data-testid=batch][data-state=done]').count()).toBe(2);
  await popup.locator('[data-testid=clear-history]').click();
  await expect.poll(() => popup.locator('[data-testid=batch]').count()).toBe(0);
  expect(await popup.locator('[data-testid=empty]').count()).toBe(1);
  await popup.close();
});
