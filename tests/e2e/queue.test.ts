import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startStandIn } from './harness';
import { selectAcrossQuery, toolsOf } from './page-actions';

let standIn: Awaited<ReturnType<typeof startStandIn>>;

beforeAll(async () => {
  standIn = await startStandIn({ count: 240, recordingBytes: 32 * 1024 });
});
afterAll(() => standIn?.dispose());

const bar = () => toolsOf(standIn.page);

async function selectAllWithRecording(): Promise<string[]> {
  const { page, workbench } = standIn;
  await page.goto(workbench.recordPageUrl);
  // 100 a page: fewer pages to collect.
  await page.locator('select').selectOption('100');
  await expect.poll(() => page.locator('input[data-testid=row-select]').count(), { timeout: 15_000 }).toBe(100);
  await selectAcrossQuery(page, workbench, [['recording', 'yes']]);
  return workbench.calls.filter((c) => c.recordingKey).map((c) => c.cdr.SessionId);
}

describe('the download queue', () => {
  it('gets every selected recording on disk exactly once while the service worker is killed again and again', async () => {
    const { workbench, ext } = standIn;
    workbench.setFaults({ latencyMs: 150, bytesPerSecond: 256 * 1024 });
    const ids = await selectAllWithRecording();
    expect(ids.length).toBeGreaterThanOrEqual(150);
    await bar().locator('[data-testid=download-selected]').click();

    const deadline = Date.now() + 200_000;
    let kills = 0;
    let files: string[] = [];
    while (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 1000 + (kills % 2) * 500));
      await ext.stopServiceWorker();
      kills++;
      // Something has to wake it: a download event, an alarm, or the popup asking.
      const popup = await ext.openPopup();
      await popup.waitForTimeout(200);
      await popup.close();
      files = (await ext.downloadedFiles()).filter((f) => f.endsWith('.mp3'));
      if (ids.every((id) => files.some((f) => f.includes(id)))) break;
    }
    workbench.setFaults({});
    expect(kills).toBeGreaterThan(3);
    for (const id of ids) {
      const mine = files.filter((f) => f.includes(id));
      expect(mine, id).toHaveLength(1);
      expect((await readFile(join(ext.downloadsDir, mine[0]!))).equals(workbench.recordingBytes(id))).toBe(true);
      // The server sent it whole once: no download was started twice.
      expect(workbench.completedCount(id), id).toBe(1);
    }
    expect(files).toHaveLength(ids.length);
  }, 240_000);

  it('skips what was downloaded already when the same selection is sent again', async () => {
    const { ext } = standIn;
    const popup = await ext.openPopup();
    const before = await popup.locator('[data-testid=batch]').count();
    await bar().locator('[data-testid=download-selected]').click();
    await expect.poll(() => popup.locator('[data-testid=batch]').count(), { timeout: 10_000 }).toBe(before + 1);
    const latest = popup.locator('[data-testid=batch]').first();
    await expect.poll(() => latest.getAttribute('data-state')).toBe('done');
    const progress = latest.locator('[data-testid=batch-progress]');
    expect(await progress.getAttribute('data-done')).toBe('0');
    expect(await progress.getAttribute('data-skipped')).toBe(await progress.getAttribute('data-total'));
    await popup.close();
  });
});
