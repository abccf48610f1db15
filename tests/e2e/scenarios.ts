/**
 * The scenarios every supported browser passes, written once against driver.ts:
 * scenarios.chromium.test.ts and scenarios.firefox.test.ts run them, each in its browser.
 * Deeper, Chromium-only checks live in the other E2E files.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Workbench } from '../workbench/server';
import { satisfactionOf } from '../workbench/generator';
import { compactDateTime } from '../../utils/naming/compact-date-time';
import type { DriverPage, ExtensionDriver, Session, StartSession } from './driver';

const bar = (testId: string) => `tccc-record-tools >>> [data-testid=${testId}]`;
const chip = (group: string, value: string) =>
  `tccc-record-tools >>> [data-testid=filter-chip][data-group="${group}"][data-value="${value}"]`;
const rowBox = (id: string) => `input[data-testid=row-select][data-session-id="${id}"]`;
const idsOf = (calls: { cdr: { SessionId: string } }[]) => calls.map((c) => c.cdr.SessionId);

const allRowIds = (page: DriverPage) =>
  page.evaluate(
    () => [...document.querySelectorAll<HTMLInputElement>('input[data-testid=row-select]')].map((b) => b.dataset.sessionId!),
    null,
  );
/** Session ids of the row checkboxes a person can see (rows a filter hides excluded). */
const visibleRowIds = (page: DriverPage) =>
  page.evaluate(
    () =>
      [...document.querySelectorAll<HTMLInputElement>('input[data-testid=row-select]')]
        .filter((b) => b.checkVisibility())
        .map((b) => b.dataset.sessionId!),
    null,
  );

async function check(page: DriverPage, id: string): Promise<void> {
  if (!(await page.evaluate((s) => document.querySelector<HTMLInputElement>(s)?.checked, rowBox(id)))) await page.click(rowBox(id));
}

/** Clicks a button of the bar if it is there and enabled (clearing nothing is no click). */
async function clickIfEnabled(page: DriverPage, testId: string): Promise<void> {
  if ((await page.count(bar(testId))) && (await page.attr(bar(testId), 'disabled')) === null) await page.click(bar(testId));
}

async function openRecordPage(page: DriverPage, workbench: Workbench, rows = 10): Promise<void> {
  await page.goto(workbench.recordPageUrl);
  await expect.poll(() => page.count('tccc-record-tools'), { timeout: 15_000 }).toBe(1);
  await expect.poll(() => allRowIds(page).then((ids) => ids.length), { timeout: 15_000 }).toBe(rows);
}

/** Collects every page of the query, sets these chips (after clearing any remembered) and selects every match. */
async function selectAcrossQuery(page: DriverPage, workbench: Workbench, chips: [string, string][] = []): Promise<void> {
  await page.click(bar('collect-all'));
  await expect.poll(() => page.text(bar('match-count')), { timeout: 60_000 }).toContain(String(workbench.calls.length));
  await clickIfEnabled(page, 'clear-filters');
  for (const [group, value] of chips) await page.click(chip(group, value));
  await page.click(bar('select-matching'));
}

const mp3s = async (ext: ExtensionDriver, except = new Set<string>()) =>
  (await ext.downloadedFiles()).filter((f) => f.endsWith('.mp3') && !except.has(f));

/** Waits until each of `ids` has one recording on disk with the server's bytes; returns the new files. */
async function expectEachRecordingOnce(
  ext: ExtensionDriver,
  workbench: Workbench,
  ids: string[],
  timeoutMs: number,
  before = new Set<string>(),
): Promise<string[]> {
  let files: string[] = [];
  await expect
    .poll(
      async () => {
        files = await mp3s(ext, before);
        return ids.filter((id) => files.some((f) => f.includes(id))).length;
      },
      { timeout: timeoutMs },
    )
    .toBe(ids.length)
    .catch(async (error: Error) => Promise.reject(new Error(`${error.message}\nqueue: ${await ext.queueState()}`)));
  for (const id of ids) {
    const mine = files.filter((f) => f.includes(id));
    expect(mine, id).toHaveLength(1);
    const bytes = await readFile(join(ext.downloadsDir, mine[0]!));
    expect(
      bytes.equals(workbench.recordingBytes(id)),
      `${id}: ${bytes.length} bytes, the server's ${workbench.recordingBytes(id).length}`,
    ).toBe(true);
  }
  expect(files).toHaveLength(ids.length);
  return files;
}

/** The popup's first batch, once it is in `state`. */
async function batchReaches(popup: DriverPage, state: string, timeout = 30_000): Promise<void> {
  await expect.poll(() => popup.attr('[data-testid=batch]', 'data-state'), { timeout }).toBe(state);
}

/** What a person does when the bar asks them to play one recording: plays one with the page's own button. */
async function playOneIfAsked(page: DriverPage): Promise<void> {
  if (!(await page.count(bar('link-hint')))) return;
  await page.clickText('播放录音');
  await expect.poll(() => page.count(bar('link-hint')), { timeout: 15_000 }).toBe(0);
}

export function defineScenarios(start: StartSession): void {
  describe('on the record page, then one batch to disk', () => {
    let s: Session;
    beforeAll(async () => {
      s = await start({ count: 45, recordingBytes: 16 * 1024 });
    });
    afterAll(() => s?.dispose());

    it('loads: its background answers the popup', async () => {
      const popup = await s.ext.openPopup();
      await expect.poll(() => popup.count('[data-testid=empty]')).toBe(1);
      const reply = await popup.evaluate(
        () =>
          (globalThis as unknown as { chrome: { runtime: { sendMessage(m: object): Promise<unknown> } } }).chrome.runtime.sendMessage({
            type: 'ping',
          }),
        null,
      );
      expect(reply).toMatchObject({ ok: true, version: '0.1.0' });
      await popup.close();
    });

    it('puts its bar and a checkbox in each row, with the call’s real id, and keeps them through paging and navigation', async () => {
      const { page, workbench } = s;
      await openRecordPage(page, workbench);
      expect(await allRowIds(page)).toEqual(idsOf(workbench.calls.slice(0, 10)));
      await page.clickButton('下一页');
      await expect.poll(() => allRowIds(page)).toEqual(idsOf(workbench.calls.slice(10, 20)));
      expect(await page.count('tccc-record-tools')).toBe(1);
      await page.clickText('首页');
      await expect.poll(() => page.count('tccc-record-tools')).toBe(0);
      await page.clickText('电话客服');
      await expect.poll(() => page.count('tccc-record-tools'), { timeout: 15_000 }).toBe(1);
      await expect.poll(() => allRowIds(page).then((ids) => ids.length), { timeout: 15_000 }).toBe(10);
    });

    it('filters with the chips to exactly the rows the data says', async () => {
      const { page, workbench } = s;
      await openRecordPage(page, workbench);
      const onPage = workbench.calls.slice(0, 10);
      await page.click(chip('hangup', 'user'));
      await expect.poll(() => visibleRowIds(page)).toEqual(idsOf(onPage.filter((c) => c.cdr.HungUpSide === 'user')));
      const label = onPage.map((c) => satisfactionOf(c.cdr)).find((l) => l !== null)!;
      await page.click(chip('satisfaction', label));
      const both = onPage.filter((c) => c.cdr.HungUpSide === 'user' && satisfactionOf(c.cdr) === label);
      await expect.poll(() => visibleRowIds(page)).toEqual(idsOf(both));
      await expect.poll(() => page.text(bar('match-count'))).toContain(String(both.length));
      await page.click(bar('clear-filters'));
      await expect.poll(() => visibleRowIds(page).then((ids) => ids.length)).toBe(10);
    });

    it('keeps the selection across pages', async () => {
      const { page, workbench } = s;
      const [a, b, c] = [workbench.calls[0]!, workbench.calls[2]!, workbench.calls[11]!].map((x) => x.cdr.SessionId);
      await check(page, a!);
      await check(page, b!);
      await page.clickButton('下一页');
      await expect.poll(() => allRowIds(page).then((ids) => ids[0])).toBe(workbench.calls[10]!.cdr.SessionId);
      await check(page, c!);
      await expect.poll(() => page.text(bar('download-selected'))).toContain('3');
      await page.clickButton('上一页');
      await expect.poll(() => allRowIds(page).then((ids) => ids[0])).toBe(workbench.calls[0]!.cdr.SessionId);
      const checked = await page.evaluate(
        () => [...document.querySelectorAll<HTMLInputElement>('input[data-testid=row-select]')].map((x) => x.checked),
        null,
      );
      expect(checked.slice(0, 3)).toEqual([true, false, true]);
      await clickIfEnabled(page, 'clear-selection');
    });

    it('collects every page, then downloads every recording once with the server’s bytes, under its call’s name, with the manifest', async () => {
      const { page, workbench, ext } = s;
      await selectAcrossQuery(page, workbench, [['recording', 'yes']]);
      const picked = workbench.calls.filter((c) => c.recordingKey);
      await expect.poll(() => page.text(bar('download-selected'))).toContain(String(picked.length));
      await page.click(bar('download-selected'));

      const files = await expectEachRecordingOnce(ext, workbench, idsOf(picked), 90_000);
      const folder = files[0]!.split('/').slice(0, -1).join('/');
      expect(folder).toMatch(/^TCCC录音\/\d{8}-\d{6}$/);
      for (const c of picked) {
        const name = files.find((f) => f.includes(c.cdr.SessionId))!;
        expect(name).toBe(`${folder}/${name.split('/').pop()}`);
        expect(
          name
            .split('/')
            .pop()!
            .startsWith(`${compactDateTime(c.cdr.StartTimestamp)}_`),
        ).toBe(true);
      }
      const manifest = `${folder}/清单.csv`;
      await expect.poll(async () => (await ext.downloadedFiles()).includes(manifest), { timeout: 30_000 }).toBe(true);
      const csv = await readFile(join(ext.downloadsDir, manifest), 'utf8');
      expect(csv.startsWith('\ufeff')).toBe(true);
      const rows = csv.trim().split('\r\n');
      expect(rows).toHaveLength(1 + picked.length);
      for (const c of picked)
        expect(rows.find((r) => r.startsWith(`"${c.cdr.SessionId}"`))).toContain(
          `"${files
            .find((f) => f.includes(c.cdr.SessionId))!
            .split('/')
            .pop()}"`,
        );

      const popup = await ext.openPopup();
      await batchReaches(popup, 'done');
      expect(await popup.attr('[data-testid=batch-progress]', 'data-done')).toBe(String(picked.length));
      expect(await popup.count('[data-testid=no-manifest]')).toBe(0);
      await popup.close();
    });
  });

  it('pauses, resumes and cancels a batch from the popup', async () => {
    const s = await start({ count: 40, recordingBytes: 32 * 1024, seed: 9 });
    try {
      const { page, workbench, ext } = s;
      workbench.setFaults({ bytesPerSecond: 48 * 1024 });
      await openRecordPage(page, workbench);
      await selectAcrossQuery(page, workbench, [['recording', 'yes']]);
      await page.click(bar('download-selected'));

      const popup = await ext.openPopup();
      const progress = (name: string) => popup.attr('[data-testid=batch-progress]', name).then(Number);
      await batchReaches(popup, 'running');
      await popup.click('[data-testid=batch] [data-testid=pause]');
      await batchReaches(popup, 'paused');
      const pausedAt = await progress('data-done');
      await new Promise((r) => setTimeout(r, 2000));
      expect(await progress('data-done')).toBe(pausedAt);
      expect(await progress('data-total')).toBeGreaterThan(pausedAt);

      await popup.click('[data-testid=batch] [data-testid=resume]');
      await batchReaches(popup, 'running');
      await expect.poll(() => progress('data-done'), { timeout: 30_000 }).toBeGreaterThan(pausedAt);

      await popup.click('[data-testid=batch] [data-testid=cancel]');
      await batchReaches(popup, 'canceled');
      const canceledAt = await progress('data-done');
      await new Promise((r) => setTimeout(r, 2000));
      expect(await progress('data-done')).toBe(canceledAt);
      expect(await popup.count('[data-testid=batch] [data-testid=resume]')).toBe(0);
      // Nothing under way was left half-written or went on to disk after the cancel.
      expect((await mp3s(ext)).length).toBe(canceledAt);
      workbench.setFaults({});
    } finally {
      await s.dispose();
    }
  }, 180_000);

  it('loses and duplicates nothing when the background restarts mid-batch', async () => {
    const s = await start({ count: 40, recordingBytes: 64 * 1024, seed: 5 });
    try {
      const { page, workbench, ext } = s;
      await openRecordPage(page, workbench);
      await selectAcrossQuery(page, workbench, [['recording', 'yes']]);
      const ids = idsOf(workbench.calls.filter((c) => c.recordingKey));
      workbench.setFaults({ latencyMs: 100, bytesPerSecond: 128 * 1024 });
      await page.click(bar('download-selected'));
      await expect.poll(async () => (await mp3s(ext)).length, { timeout: 60_000 }).toBeGreaterThanOrEqual(3);
      await ext.restartBackground();
      expect((await mp3s(ext)).length).toBeLessThan(ids.length);
      await expectEachRecordingOnce(ext, workbench, ids, 120_000);
      workbench.setFaults({});
      // Fetched whole once each, but those under way when it went (three at a time).
      expect(ids.reduce((n, id) => n + workbench.completedCount(id), 0)).toBeLessThanOrEqual(ids.length + 3);
      const popup = await ext.openPopup();
      await batchReaches(popup, 'done');
      expect(await popup.attr('[data-testid=batch-progress]', 'data-failed')).toBe('0');
      await popup.close();
    } finally {
      await s.dispose();
    }
  }, 240_000);

  it('on a page whose list carries no links, asks the user to play one, then gets each link on demand', async () => {
    const s = await start({ count: 24, mode: 'lazy-links', recordingBytes: 16 * 1024 });
    try {
      const { page, workbench, ext } = s;
      await page.goto(workbench.recordPageUrl);
      await expect.poll(() => page.count(bar('link-hint')), { timeout: 15_000 }).toBe(1);
      await selectAcrossQuery(page, workbench, [['recording', 'yes']]);
      const talked = workbench.calls.filter((c) => c.recordingKey);
      await expect.poll(() => page.text(bar('download-selected'))).toContain(String(talked.length));
      await page.click(bar('download-selected'));

      const popup = await ext.openPopup();
      await expect.poll(() => popup.count('[data-testid=batch] [data-reason=link-needs-click]'), { timeout: 15_000 }).toBe(1);
      expect(await mp3s(ext)).toEqual([]);
      await popup.close();

      await page.bringToFront();
      await playOneIfAsked(page);
      const ids = idsOf(talked);
      await expectEachRecordingOnce(ext, workbench, ids, 120_000);
      // One link request per call (two for the one the user played: the page asked too).
      expect(ids.reduce((n, id) => n + workbench.linkRequestCount(id), 0)).toBe(ids.length + 1);
    } finally {
      await s.dispose();
    }
  }, 240_000);
}
