import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startWorkbench, type Workbench } from '../workbench/server';
import { launchExtension, type ExtensionBrowser } from './harness';
import { chipOf, expectEachRecordingOnce, selectAcrossQuery, toolsOf } from './page-actions';

let workbench: Workbench;
let ext: ExtensionBrowser;

beforeAll(async () => {
  workbench = await startWorkbench({ port: 0, count: 45, recordingBytes: 96 * 1024 });
  ext = await launchExtension({ hostResolverRules: workbench.hostResolverRules });
});
afterAll(async () => {
  await ext?.dispose();
  await workbench?.close();
});

it('resumes and completes a batch after the browser is closed and opened again mid-way', async () => {
  const page = ext.context.pages()[0] ?? (await ext.context.newPage());
  await page.goto(workbench.loginUrl);
  await page.goto(workbench.recordPageUrl);
  await selectAcrossQuery(page, workbench, [['recording', 'yes']]);
  const bar = toolsOf(page);
  const ids = workbench.calls.filter((c) => c.recordingKey).map((c) => c.cdr.SessionId);

  workbench.setFaults({ latencyMs: 100, bytesPerSecond: 96 * 1024 });
  await bar.locator('[data-testid=download-selected]').click();
  // Some done, some under way, most still queued.
  await expect
    .poll(async () => (await ext.downloadedFiles()).filter((f) => f.endsWith('.mp3')).length, { timeout: 60_000 })
    .toBeGreaterThanOrEqual(4);
  const { profileDir } = ext;
  const closing = { from: Date.now(), to: 0 };
  await ext.close();
  closing.to = Date.now();
  const before = (await ext.downloadedFiles()).filter((f) => f.endsWith('.mp3')).length;
  expect(before).toBeLessThan(ids.length);

  // The same profile again. The workbench's session cookie went with the browser, so the queue
  // waits for a fresh login; the user opens the workbench, and it goes on.
  ext = await launchExtension({ hostResolverRules: workbench.hostResolverRules, profileDir });
  const popup = await ext.openPopup();
  const batch = popup.locator('[data-testid=batch]').first();
  await expect.poll(() => batch.locator('[data-reason=login-expired]').count(), { timeout: 30_000 }).toBe(1);
  expect(await batch.getAttribute('data-state')).toBe('running');
  const again = await ext.context.newPage();
  await again.goto(workbench.loginUrl);
  await again.goto(workbench.recordPageUrl);
  const deadline = Date.now() + 120_000;
  let files: string[] = [];
  while (Date.now() < deadline) {
    files = (await ext.downloadedFiles()).filter((f) => f.endsWith('.mp3'));
    if (ids.every((id) => files.some((f) => f.includes(id)))) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  workbench.setFaults({});
  for (const id of ids) {
    const mine = files.filter((f) => f.includes(id));
    expect(mine, id).toHaveLength(1);
    expect((await readFile(join(ext.downloadsDir, mine[0]!))).equals(workbench.recordingBytes(id)), id).toBe(true);
  }
  // None fetched twice in full. The one exception cannot be told from here: a send whose last
  // byte went out while the browser was closing (into socket buffers a closing browser no
  // longer reads, or one it read but never finished the file of) is sent again after.
  const whileClosing = (t: number) => t >= closing.from && t <= closing.to + 1000;
  const twice = ids
    .map((id) => ({ id, ends: workbench.completedAt(id).map((t) => t - closing.from), resumed: workbench.resumedCount(id) }))
    .filter((s) => s.ends.length !== 1);
  expect(
    twice.filter((s) => s.ends.length !== 2 || !s.ends.some((t) => whileClosing(t + closing.from))),
    `closed in ${closing.to - closing.from} ms`,
  ).toEqual([]);
  // Every file in its batch folder: nothing resumed by the browser on its own into another name or place.
  expect(files).toHaveLength(ids.length);
  expect(new Set(files.map((f) => f.split('/').slice(0, -1).join('/'))).size).toBe(1);

  await expect.poll(() => batch.getAttribute('data-state'), { timeout: 20_000 }).toBe('done');
  expect(await batch.locator('[data-testid=batch-progress]').getAttribute('data-failed')).toBe('0');
  await popup.close();
}, 300_000);

/** What a person does when the bar asks them to play one recording: plays one, closes the player. */
async function playOneIfAsked(page: Page): Promise<void> {
  const bar = toolsOf(page);
  if (!(await bar.locator('[data-testid=link-hint]').count())) return;
  const row = page.locator('tr', { has: page.locator('input[data-testid=row-select]:visible') }).first();
  await row.getByText('播放录音').click();
  await expect.poll(() => bar.locator('[data-testid=link-hint]').count()).toBe(0);
}

it('finishes a batch on a page whose list carries no links, after the browser is closed and opened again mid-way', async () => {
  const lazy = await startWorkbench({ port: 0, count: 30, mode: 'lazy-links', recordingBytes: 64 * 1024 });
  let browser = await launchExtension({ hostResolverRules: lazy.hostResolverRules });
  try {
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await page.goto(lazy.loginUrl);
    await page.goto(lazy.recordPageUrl);
    const talked = lazy.calls.filter((c) => c.recordingKey);
    const ids = talked.map((c) => c.cdr.SessionId);
    await expect.poll(() => toolsOf(page).locator('[data-testid=link-hint]').count(), { timeout: 15_000 }).toBe(1);
    await playOneIfAsked(page);
    await selectAcrossQuery(page, lazy, [['recording', 'yes']]);
    await expect.poll(() => toolsOf(page).locator('[data-testid=download-selected]').textContent()).toContain(String(ids.length));
    lazy.setFaults({ latencyMs: 100, bytesPerSecond: 64 * 1024 });
    await toolsOf(page).locator('[data-testid=download-selected]').click();
    await expect
      .poll(async () => (await browser.downloadedFiles()).filter((f) => f.endsWith('.mp3')).length, { timeout: 60_000 })
      .toBeGreaterThanOrEqual(3);
    const { profileDir } = browser;
    await browser.close();
    expect((await browser.downloadedFiles()).filter((f) => f.endsWith('.mp3')).length).toBeLessThan(ids.length);

    // Back, as the user comes back: log in, open the record page. Its rows keep their recordings.
    browser = await launchExtension({ hostResolverRules: lazy.hostResolverRules, profileDir });
    const again = browser.context.pages()[0] ?? (await browser.context.newPage());
    await again.goto(lazy.loginUrl);
    await again.goto(lazy.recordPageUrl);
    const onScreen = lazy.calls.slice(0, 10).filter((c) => c.recordingKey).length;
    await expect.poll(() => chipOf(again, 'recording', 'yes').textContent(), { timeout: 15_000 }).toContain(String(onScreen));
    await playOneIfAsked(again);
    await expectEachRecordingOnce(browser, lazy, ids, 120_000);
    lazy.setFaults({});
  } finally {
    await browser.dispose();
    await lazy.close();
  }
}, 300_000);
