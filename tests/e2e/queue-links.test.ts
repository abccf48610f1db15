import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startStandIn } from './harness';
import { selectAcrossQuery, toolsOf } from './page-actions';

type StandIn = Awaited<ReturnType<typeof startStandIn>>;
let s: StandIn;

// Links live 4 s; a batch takes several times that, so most links expire before their turn.
beforeAll(async () => {
  s = await startStandIn({ count: 70, recordingBytes: 64 * 1024, tokenTtlMs: 4000 });
});

afterAll(async () => {
  await s?.dispose();
});

/** Collects the whole query, narrows it by chips, selects every match and, links this old, downloads. */
async function downloadMatching(page: Page, chips: [string, string][], linkAgeMs = 0): Promise<void> {
  await page.goto(s.workbench.recordPageUrl);
  await selectAcrossQuery(page, s.workbench, chips);
  await page.waitForTimeout(linkAgeMs);
  await toolsOf(page).locator('[data-testid=download-selected]').click();
  await expect.poll(() => toolsOf(page).locator('[data-testid=toolbar-message]').count()).toBe(1);
}

const withRecording = () => s.workbench.calls.filter((c) => c.recordingKey);

async function waitForAll(ids: string[], timeoutMs: number): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  let files: string[] = [];
  while (Date.now() < deadline) {
    files = (await s.ext.downloadedFiles()).filter((f) => f.endsWith('.mp3'));
    if (ids.every((id) => files.some((f) => f.includes(id)))) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  return files;
}

async function expectEachOnceWithServerBytes(ids: string[], files: string[]): Promise<void> {
  for (const id of ids) {
    const mine = files.filter((f) => f.includes(id));
    expect(mine, id).toHaveLength(1);
    expect((await readFile(join(s.ext.downloadsDir, mine[0]!))).equals(s.workbench.recordingBytes(id)), id).toBe(true);
    expect(s.workbench.completedCount(id), id).toBe(1);
  }
}

describe('links that expire mid-batch', () => {
  it('wait while no workbench page is open, and go on when one opens', async () => {
    s.workbench.setFaults({ latencyMs: 100, bytesPerSecond: 128 * 1024 });
    // Every link the page gave has expired by the time the download starts.
    await downloadMatching(
      s.page,
      [
        ['recording', 'yes'],
        ['direction', 'in'],
      ],
      4500,
    );
    const ids = withRecording()
      .filter((c) => c.cdr.Direction === 0)
      .map((c) => c.cdr.SessionId);
    expect(ids.length).toBeGreaterThan(5);
    // The workbench tab closes; the browser stays open with another tab.
    const elsewhere = await s.ext.context.newPage();
    await s.page.close();

    const popup = await s.ext.openPopup();
    const expired = popup.locator('[data-testid=batch]').first().locator('[data-reason=link-expired]');
    await expect.poll(() => expired.count(), { timeout: 60_000 }).toBe(1);
    expect(await popup.locator('[data-testid=batch]').first().getAttribute('data-state')).toBe('running');
    await popup.close();

    const page = await s.ext.context.newPage();
    await page.goto(s.workbench.recordPageUrl);
    const files = await waitForAll(ids, 120_000);
    await expectEachOnceWithServerBytes(ids, files);
    s.page = page;
    await elsewhere.close();
  }, 300_000);

  it('are refreshed by the open record page re-reading its query, and every file arrives once', async () => {
    s.workbench.setFaults({ latencyMs: 100, bytesPerSecond: 128 * 1024 });
    await downloadMatching(s.page, [['recording', 'yes']], 2000);
    const ids = withRecording().map((c) => c.cdr.SessionId);
    expect(ids.length).toBeGreaterThan(20);
    const files = await waitForAll(ids, 150_000);
    s.workbench.setFaults({});
    await expectEachOnceWithServerBytes(ids, files);
    expect(files).toHaveLength(ids.length);
    // Links did expire on the way: the server refused some requests.
    const refused = ids.reduce((n, id) => n + s.workbench.requestCount(id) - s.workbench.completedCount(id), 0);
    expect(refused).toBeGreaterThan(0);
  }, 300_000);
});
