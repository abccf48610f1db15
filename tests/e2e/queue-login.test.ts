import { afterAll, beforeAll, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startStandIn } from './harness';
import { selectAcrossQuery, toolsOf } from './page-actions';

let standIn: Awaited<ReturnType<typeof startStandIn>>;

beforeAll(async () => {
  standIn = await startStandIn({ count: 40, recordingBytes: 32 * 1024, seed: 11 });
});
afterAll(() => standIn?.dispose());

it('ends every file right when the login expires mid-batch and the user signs in again', async () => {
  const { workbench, ext, page } = standIn;
  await page.goto(workbench.recordPageUrl);
  await selectAcrossQuery(page, workbench, [['recording', 'yes']]);
  const ids = workbench.calls.filter((c) => c.recordingKey).map((c) => c.cdr.SessionId);
  const mp3s = async () => (await ext.downloadedFiles()).filter((f) => f.endsWith('.mp3'));

  workbench.setFaults({ latencyMs: 100, bytesPerSecond: 64 * 1024 });
  await toolsOf(page).locator('[data-testid=download-selected]').click();
  await expect.poll(async () => (await mp3s()).length, { timeout: 60_000 }).toBeGreaterThanOrEqual(3);
  // The login times out: recording links now lead to the sign-in page, answered 200.
  workbench.expireSessions();

  const popup = await ext.openPopup();
  const batch = popup.locator('[data-testid=batch]').first();
  // The popup says the login expired and what to do.
  await expect.poll(() => batch.locator('[data-reason=login-expired]').count(), { timeout: 60_000 }).toBe(1);
  expect(await batch.getAttribute('data-state')).toBe('running');

  // The user signs in again and opens the record page.
  await page.goto(workbench.loginUrl);
  await page.goto(workbench.recordPageUrl);
  await expect.poll(() => batch.getAttribute('data-state'), { timeout: 120_000, interval: 1000 }).toBe('done');
  workbench.setFaults({});

  // Done means the server's bytes under the asked name: no sign-in page saved as a recording.
  const files = await mp3s();
  for (const id of ids) {
    const mine = files.filter((f) => f.includes(id));
    expect(mine, id).toHaveLength(1);
    expect((await readFile(join(ext.downloadsDir, mine[0]!))).equals(workbench.recordingBytes(id)), id).toBe(true);
  }
  expect(files).toHaveLength(ids.length);
  const progress = batch.locator('[data-testid=batch-progress]');
  expect([await progress.getAttribute('data-done'), await progress.getAttribute('data-failed')]).toEqual([String(ids.length), '0']);
  await popup.close();
}, 240_000);
