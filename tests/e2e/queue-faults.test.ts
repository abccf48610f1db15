import { afterAll, beforeAll, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startStandIn } from './harness';
import { selectAcrossQuery, toolsOf } from './page-actions';

let standIn: Awaited<ReturnType<typeof startStandIn>>;

beforeAll(async () => {
  standIn = await startStandIn({ count: 60, recordingBytes: 32 * 1024, seed: 5 });
});
afterAll(() => standIn?.dispose());

it('gets every recording under the name it asked for despite 10% server errors and 5% connections dropped mid-file', async () => {
  const { workbench, ext, page } = standIn;
  workbench.setFaults({ errorRate: 0.1, resetRate: 0.05 });
  await page.goto(workbench.recordPageUrl);
  await selectAcrossQuery(page, workbench, [['recording', 'yes']]);
  const bar = toolsOf(page);
  await bar.locator('[data-testid=download-selected]').click();
  const ids = workbench.calls.filter((c) => c.recordingKey).map((c) => c.cdr.SessionId);

  const popup = await ext.openPopup();
  await expect
    .poll(() => popup.locator('[data-testid=batch]').first().getAttribute('data-state'), { timeout: 120_000, interval: 1000 })
    .toBe('done');
  const files = (await ext.downloadedFiles()).filter((f) => f.endsWith('.mp3'));
  // Nothing resumed by the browser on its own into the folder's root under the server's name.
  expect(files.filter((f) => !f.includes('/'))).toEqual([]);
  expect(new Set(files.map((f) => f.split('/').slice(0, -1).join('/'))).size).toBe(1);
  expect(files).toHaveLength(ids.length);
  for (const id of ids) {
    const file = files.find((f) => f.includes(id))!;
    expect((await readFile(join(ext.downloadsDir, file))).equals(workbench.recordingBytes(id)), id).toBe(true);
  }
  expect(ids.some((id) => workbench.requestCount(id) > 1)).toBe(true);
  // Done in the popup means those files: every one, none failed.
  const progress = popup.locator('[data-testid=batch]').first().locator('[data-testid=batch-progress]');
  expect([await progress.getAttribute('data-done'), await progress.getAttribute('data-failed')]).toEqual([String(ids.length), '0']);
});
