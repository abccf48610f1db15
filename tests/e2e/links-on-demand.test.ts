import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startStandIn } from './harness';
import { selectAcrossQuery, toolsOf } from './page-actions';

// The worker's own global, as it is inside `evaluate`.
declare const chrome: { storage: { sync: { set(items: object): Promise<void> } } };

type StandIn = Awaited<ReturnType<typeof startStandIn>>;
let s: StandIn;

// The list carries no links: the page asks /tcccadmin/cdr/recordUrl for one when a row is used.
beforeAll(async () => {
  s = await startStandIn({ count: 30, mode: 'lazy-links', recordingBytes: 32 * 1024 });
});

afterAll(async () => {
  await s?.dispose();
});

const ours = (files: string[]) => files.filter((f) => f.startsWith('TCCC录音/') && f.endsWith('.mp3'));

async function waitForAll(ids: string[], timeoutMs: number): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  let files: string[] = [];
  while (Date.now() < deadline) {
    files = ours(await s.ext.downloadedFiles());
    if (ids.every((id) => files.some((f) => f.includes(id)))) break;
    await new Promise((r) => setTimeout(r, 300));
  }
  return files;
}

describe('a workbench that gives recording links only on demand', () => {
  it('says what to do, lets the batch wait, and downloads every recording once the user has played one', async () => {
    const { page, workbench } = s;
    await page.goto(workbench.recordPageUrl);
    const bar = toolsOf(page);
    await expect.poll(() => bar.locator('[data-testid=link-hint]').count(), { timeout: 15_000 }).toBe(1);
    expect(await bar.locator('[data-testid=link-hint]').textContent()).toContain('播放录音');
    // A second workbench tab is open too: it learns from the first, and does not fetch the same links again.
    const other = await s.ext.context.newPage();
    await other.goto(workbench.recordPageUrl);
    await expect.poll(() => toolsOf(other).locator('[data-testid=link-hint]').count(), { timeout: 15_000 }).toBe(1);
    // The user goes on in the first tab, as a person would: it is the one in front.
    await page.bringToFront();

    // Talked calls count as recorded, though no link is known yet.
    await selectAcrossQuery(page, workbench, [
      ['recording', 'yes'],
      ['direction', 'in'],
    ]);
    const inbound = workbench.calls.filter((c) => c.recordingKey && c.cdr.Direction === 0);
    await expect.poll(() => bar.locator('[data-testid=download-selected]').textContent()).toContain(String(inbound.length));
    await bar.locator('[data-testid=download-selected]').click();

    // Nothing can start yet: the popup says why, in the user's terms.
    const popup = await s.ext.openPopup();
    const batch = popup.locator('[data-testid=batch]').first();
    await expect
      .poll(() => batch.locator('[data-reason=link-needs-click]').count(), { timeout: 15_000 })
      .toBe(1)
      .catch(async (error: Error) =>
        Promise.reject(
          new Error(`${error.message}\nqueue: ${await s.ext.queueState()}\npopup: ${await popup.locator('body').textContent()}`),
        ),
      );
    expect(await batch.getAttribute('data-state')).toBe('running');
    expect(ours(await s.ext.downloadedFiles())).toEqual([]);

    // The user plays one recording with the page's own button (the rows shown are the filtered ones).
    const row = page.locator('tr', { has: page.locator('input[data-testid=row-select]:visible') }).first();
    const played = await row.locator('input[data-testid=row-select]').getAttribute('data-session-id');
    await row.getByText('播放录音').click();
    await expect.poll(() => bar.locator('[data-testid=link-hint]').count()).toBe(0);
    await expect.poll(() => toolsOf(other).locator('[data-testid=link-hint]').count()).toBe(0);

    const ids = inbound.map((c) => c.cdr.SessionId);
    const files = await waitForAll(ids, 120_000);
    for (const id of ids) {
      const mine = files.filter((f) => f.includes(id));
      expect(mine, id).toHaveLength(1);
      expect((await readFile(join(s.ext.downloadsDir, mine[0]!))).equals(workbench.recordingBytes(id)), id).toBe(true);
      // Each recording fetched once by us; the one the user played was fetched by the page too.
      expect(workbench.completedCount(id), id).toBe(id === played ? 2 : 1);
      expect(workbench.linkRequestCount(id), id).toBe(id === played ? 2 : 1);
    }
    await expect.poll(() => batch.getAttribute('data-state'), { timeout: 15_000 }).toBe('done');
    await popup.close();
    await other.close();

    // Copy diagnostics tells how the page asks for links, and nothing of the calls.
    await s.ext.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: workbench.origin });
    await bar.locator('[data-testid=copy-diagnostics]').click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText()), { timeout: 5_000 }).toContain('TCCC 录音助手 diagnostics');
    const report = JSON.parse(await page.evaluate(() => navigator.clipboard.readText()));
    expect(report.links.recipe).toEqual({ method: 'GET', path: '/tcccadmin/cdr/recordUrl', sessionIdIn: ['query'], headerNames: [] });
    expect(report.problems).toEqual([]);
    for (const c of workbench.calls) expect(JSON.stringify(report)).not.toContain(c.cdr.SessionId);
  }, 240_000);

  it('remembers how for the browser session: after a reload the next batch needs no click', async () => {
    const { page, workbench } = s;
    await page.reload();
    const bar = toolsOf(page);
    await selectAcrossQuery(page, workbench, [
      ['recording', 'yes'],
      ['direction', 'out'],
    ]);
    const outbound = workbench.calls.filter((c) => c.recordingKey && c.cdr.Direction === 1);
    await expect.poll(() => bar.locator('[data-testid=download-selected]').textContent()).toContain(String(outbound.length));
    expect(await bar.locator('[data-testid=link-hint]').count()).toBe(0);
    await bar.locator('[data-testid=download-selected]').click();

    const ids = outbound.map((c) => c.cdr.SessionId);
    const files = await waitForAll(ids, 120_000);
    for (const id of ids) {
      expect(
        files.filter((f) => f.includes(id)),
        id,
      ).toHaveLength(1);
      expect(workbench.linkRequestCount(id), id).toBe(1);
    }
  }, 240_000);

  it('asks the page again for links that expire before their turn, through a worker restart, and saves each file once', async () => {
    const { page, workbench, ext } = s;
    // The same calls again, as a new batch: dedupe off.
    await (await ext.worker()).evaluate(() => chrome.storage.sync.set({ skipDuplicates: false }));
    workbench.setTokenTtl(1500);
    workbench.setFaults({ latencyMs: 150, bytesPerSecond: 16 * 1024 });
    const before = new Set(ours(await ext.downloadedFiles()));
    const ids = workbench.calls.filter((c) => c.recordingKey && c.cdr.Direction === 0).map((c) => c.cdr.SessionId);
    const asked = new Map(ids.map((id) => [id, workbench.linkRequestCount(id)]));

    await selectAcrossQuery(page, workbench, [
      ['recording', 'yes'],
      ['direction', 'in'],
    ]);
    await toolsOf(page).locator('[data-testid=download-selected]').click();
    await new Promise((r) => setTimeout(r, 1000));
    await ext.stopServiceWorker();

    const deadline = Date.now() + 150_000;
    let fresh: string[] = [];
    while (Date.now() < deadline) {
      fresh = ours(await ext.downloadedFiles()).filter((f) => !before.has(f));
      if (ids.every((id) => fresh.some((f) => f.includes(id)))) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    for (const id of ids) {
      const mine = fresh.filter((f) => f.includes(id));
      expect(mine, id).toHaveLength(1);
      expect((await readFile(join(ext.downloadsDir, mine[0]!))).equals(workbench.recordingBytes(id)), id).toBe(true);
    }
    // Links were fetched again for some: those that waited longer than a link lives.
    const again = ids.filter((id) => workbench.linkRequestCount(id) - asked.get(id)! > 1);
    expect(again.length).toBeGreaterThan(0);
    workbench.setFaults({});
  }, 240_000);
});
