import { afterEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startWorkbench, type Workbench } from '../workbench/server';
import { launchExtension, type ExtensionBrowser } from './harness';
import { chipOf, expectEachRecordingOnce, selectAcrossQuery, toolsOf } from './page-actions';

let workbench: Workbench | undefined;
let ext: ExtensionBrowser | undefined;

afterEach(async () => {
  await ext?.dispose();
  await workbench?.close();
  ext = workbench = undefined;
});

async function openRecordPage(page: Page, wb: Workbench): Promise<void> {
  await page.goto(wb.loginUrl);
  await page.goto(wb.recordPageUrl);
  await expect.poll(() => page.locator('tbody tr').count(), { timeout: 15_000 }).toBeGreaterThan(1);
}

/**
 * After an install or update under an open tab, the tab ends up working by itself, or shows
 * the one action that makes it work; the user takes that action if it is there.
 */
async function settle(page: Page): Promise<'working' | 'reloaded'> {
  const bar = toolsOf(page);
  const reload = bar.locator('[data-testid=reload-page]');
  const recorded = chipOf(page, 'recording', 'yes');
  // One of the two, and never silence: no bar at all fails here.
  await expect
    .poll(async () => (await reload.count()) > 0 || /[1-9]/.test((await recorded.textContent().catch(() => '')) ?? ''), { timeout: 20_000 })
    .toBe(true);
  if (!(await reload.count())) return 'working';
  await reload.click();
  await page.waitForLoadState('load');
  return 'reloaded';
}

/** Downloads every recording of the query and checks each file once, with the server's bytes. */
async function downloadsWork(page: Page, wb: Workbench, e: ExtensionBrowser): Promise<void> {
  // The bar, once: a person waits for it to show after a reload.
  await expect.poll(() => page.locator('tccc-record-tools').count(), { timeout: 15_000 }).toBe(1);
  await selectAcrossQuery(page, wb, [['recording', 'yes']]);
  const ids = wb.calls.filter((c) => c.recordingKey).map((c) => c.cdr.SessionId);
  await expect.poll(() => toolsOf(page).locator('[data-testid=download-selected]').textContent()).toContain(String(ids.length));
  await toolsOf(page).locator('[data-testid=download-selected]').click();
  await expectEachRecordingOnce(e, wb, ids, 60_000);
}

describe('a record page open before the extension arrives', () => {
  it('works from the first load right after the browser starts', async () => {
    workbench = await startWorkbench({ port: 0, count: 24 });
    ext = await launchExtension({ hostResolverRules: workbench.hostResolverRules });
    const page = ext.context.pages()[0] ?? (await ext.context.newPage());
    await openRecordPage(page, workbench);
    const recorded = workbench.calls.filter((c) => c.recordingKey).length;
    const firstPage = workbench.calls.slice(0, 10).filter((c) => c.recordingKey).length;
    await expect.poll(() => chipOf(page, 'recording', 'yes').textContent(), { timeout: 15_000 }).toContain(String(firstPage));
    expect(recorded).toBeGreaterThan(0);
  }, 120_000);

  it('after an install with the page open: works, or says to reload; then a download works', async () => {
    workbench = await startWorkbench({ port: 0, count: 24 });
    ext = await launchExtension({ hostResolverRules: workbench.hostResolverRules, withoutExtension: true });
    const page = ext.context.pages()[0] ?? (await ext.context.newPage());
    await openRecordPage(page, workbench);
    await ext.installExtension();
    // The list went by before the extension was there: only a reload brings it back.
    expect(await settle(page)).toBe('reloaded');
    await downloadsWork(page, workbench, ext);
  }, 180_000);

  it('after an update with the page open: the tab goes on working, with one bar', async () => {
    workbench = await startWorkbench({ port: 0, count: 24 });
    ext = await launchExtension({ hostResolverRules: workbench.hostResolverRules });
    const page = ext.context.pages()[0] ?? (await ext.context.newPage());
    await openRecordPage(page, workbench);
    await expect.poll(() => toolsOf(page).locator('[data-testid=download-selected]').count(), { timeout: 15_000 }).toBe(1);
    const started = async () => (await ext!.worker()).evaluate(() => performance.timeOrigin);
    const before = await started();
    await ext.installExtension();
    // A new worker: the update happened.
    await expect.poll(started, { timeout: 15_000 }).not.toBe(before);
    // The tap of the version before is still in the page with what it saw: no reload needed.
    expect(await settle(page)).toBe('working');
    await expect.poll(() => page.locator('tccc-record-tools').count(), { timeout: 15_000 }).toBe(1);
    await downloadsWork(page, workbench, ext);
  }, 180_000);
});
