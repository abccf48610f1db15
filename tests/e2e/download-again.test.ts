import { afterAll, beforeAll, expect, it } from 'vitest';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { startStandIn, waitForFile } from './harness';
import { chipOf, toolsOf, visibleRowIds } from './page-actions';

let standIn: Awaited<ReturnType<typeof startStandIn>>;

beforeAll(async () => {
  standIn = await startStandIn({ count: 40, recordingBytes: 16 * 1024, seed: 17 });
});
afterAll(() => standIn?.dispose());

it('offers to download again the calls of a selection that were downloaded before, and does', async () => {
  const { workbench, ext, page } = standIn;
  await page.goto(workbench.recordPageUrl);
  const bar = toolsOf(page);
  await page.locator('select').selectOption('50');
  await expect.poll(async () => (await visibleRowIds(page)).length).toBe(workbench.calls.length);
  await chipOf(page, 'recording', 'yes').click();
  await expect.poll(async () => (await visibleRowIds(page)).length).toBeGreaterThanOrEqual(5);
  const [a, b, c, d, e] = (await visibleRowIds(page)).slice(0, 5) as [string, string, string, string, string];
  const check = async (ids: string[]) => {
    for (const id of ids) await page.locator(`input[data-testid=row-select][data-session-id="${id}"]`).check();
  };

  await check([a, b, c]);
  await bar.locator('[data-testid=download-selected]').click();
  const first = await Promise.all([a, b, c].map((id) => waitForFile(ext, (p) => p.endsWith(`_${id}.mp3`))));
  expect(await bar.locator('[data-testid=download-again]').count()).toBe(0);
  // The user lost one of them.
  await rm(join(ext.downloadsDir, first[0]!));

  await check([d, e]);
  await expect.poll(() => bar.locator('[data-testid=download-selected]').textContent()).toContain('5');
  await bar.locator('[data-testid=download-selected]').click();
  const again = bar.locator('[data-testid=download-again]');
  await expect.poll(() => again.count()).toBe(1);
  expect(await again.textContent()).toContain('3');
  expect(await bar.locator('[data-testid=toolbar-message]').textContent()).toMatch(/2\D+3/);
  for (const id of [d, e]) await waitForFile(ext, (p) => p.endsWith(`_${id}.mp3`));
  expect([a, b, c].map((id) => workbench.requestCount(id))).toEqual([1, 1, 1]);

  await again.click();
  await expect.poll(() => again.count()).toBe(0);
  for (const [i, id] of [a, b, c].entries()) {
    const file = await waitForFile(ext, (p) => p.endsWith(`_${id}.mp3`) && p !== first[i]);
    expect((await readFile(join(ext.downloadsDir, file))).equals(workbench.recordingBytes(id))).toBe(true);
  }
  expect([a, b, c, d, e].map((id) => workbench.requestCount(id))).toEqual([2, 2, 2, 1, 1]);
});
