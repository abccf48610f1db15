import { afterAll, beforeAll, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStandIn } from './harness';
import { expectEachRecordingOnce, selectAcrossQuery, toolsOf } from './page-actions';

/** A download folder on a disk of its own, 2 MB, that root can mount here (tmpfs); null where it cannot. */
async function smallDisk(): Promise<string | null> {
  const dir = await mkdtemp(join(tmpdir(), 'tccc-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', dir], { stdio: 'ignore' });
    return dir;
  } catch {
    await rm(dir, { recursive: true, force: true });
    return null;
  }
}

let disk: string | null = null;
let standIn: Awaited<ReturnType<typeof startStandIn>> | undefined;

beforeAll(async () => {
  disk = await smallDisk();
  if (disk) standIn = await startStandIn({ count: 40, recordingBytes: 64 * 1024, seed: 17 }, { downloadsDir: disk });
});
afterAll(async () => {
  await standIn?.dispose();
  if (disk) {
    execFileSync('umount', [disk]);
    await rm(disk, { recursive: true, force: true });
  }
});

it('pauses the batch with one message when the disk is full, and finishes it once room is made', async (ctx) => {
  // Mounting a small disk needs root (CI and the developers' machines run as root).
  if (!standIn || !disk) return ctx.skip();
  const { workbench, ext, page } = standIn;
  // The user's other files leave room for a few recordings only.
  const others = join(disk, 'other files.bin');
  await writeFile(others, Buffer.alloc(1700 * 1024));
  await page.goto(workbench.recordPageUrl);
  await selectAcrossQuery(page, workbench, [['recording', 'yes']]);
  const ids = workbench.calls.filter((c) => c.recordingKey).map((c) => c.cdr.SessionId);
  expect(ids.length * 64 * 1024).toBeGreaterThan(400 * 1024);
  workbench.setFaults({ bytesPerSecond: 256 * 1024 });
  await toolsOf(page).locator('[data-testid=download-selected]').click();

  const popup = await ext.openPopup();
  const batch = popup.locator('[data-testid=batch]').first();
  await expect.poll(() => batch.getAttribute('data-state'), { timeout: 60_000 }).toBe('paused');
  // One reason, not a failure per file.
  const reasons = batch.locator('[data-testid=batch-reasons] li');
  expect(await reasons.evaluateAll((lis) => lis.map((li) => li.getAttribute('data-reason')))).toEqual(['disk-full']);
  expect(await batch.locator('[data-testid=batch-progress]').getAttribute('data-failed')).toBe('0');
  const saved = (await ext.downloadedFiles()).filter((f) => f.endsWith('.mp3')).length;
  expect(saved).toBeLessThan(ids.length);

  // The user deletes other files and resumes.
  await rm(others);
  await batch.locator('[data-testid=resume]').click();
  await expect.poll(() => batch.getAttribute('data-state'), { timeout: 90_000 }).toBe('done');
  await expectEachRecordingOnce(ext, workbench, ids, 30_000);
  expect(await batch.locator('[data-testid=batch-progress]').getAttribute('data-failed')).toBe('0');
  workbench.setFaults({});
}, 180_000);
