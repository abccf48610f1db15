import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startStandIn } from './harness';
import { chipOf, toolsOf } from './page-actions';

type StandIn = Awaited<ReturnType<typeof startStandIn>>;
let s: StandIn;

// Links on demand: each workbench tab learns how its page asks for a call's link.
beforeAll(async () => {
  s = await startStandIn({ count: 20, mode: 'lazy-links', recordingBytes: 16 * 1024 });
});
afterAll(() => s?.dispose());

const hintShown = (page: Page) => toolsOf(page).locator('[data-testid=link-hint]').count();
/** Calls with a recording the bar counts: once there, the page's own records are read. */
const recordedCalls = async (page: Page) =>
  Number(
    (await chipOf(page, 'recording', 'yes')
      .locator('[data-testid=chip-count]')
      .textContent()
      .catch(() => '0')) ?? 0,
  );

it('a link request learned on one workbench app serves that app’s tabs, not another app’s', async () => {
  const { page, workbench } = s;
  const otherApp = String(Number(workbench.sdkAppId) + 1);
  await page.goto(workbench.recordPageUrl);
  await expect.poll(() => hintShown(page), { timeout: 15_000 }).toBe(1);
  const elsewhere = await s.ext.context.newPage();
  await elsewhere.goto(workbench.recordPageUrl.replace(`#/${workbench.sdkAppId}/`, `#/${otherApp}/`));
  await expect.poll(() => hintShown(elsewhere), { timeout: 15_000 }).toBe(1);

  // The user plays one recording in the first app's tab.
  await page.bringToFront();
  const row = page
    .locator('tr', { has: page.locator('input[data-testid=row-select]') })
    .filter({ hasText: '播放录音' })
    .first();
  await row.getByText('播放录音').click();
  await expect.poll(() => hintShown(page)).toBe(0);

  // Another tab of the same app knows how at once; the other app's tab still asks for its own click.
  const sameApp = await s.ext.context.newPage();
  await sameApp.goto(workbench.recordPageUrl);
  await expect.poll(() => recordedCalls(sameApp), { timeout: 15_000 }).toBeGreaterThan(0);
  await expect.poll(() => hintShown(sameApp)).toBe(0);
  await elsewhere.reload();
  await expect.poll(() => recordedCalls(elsewhere), { timeout: 15_000 }).toBeGreaterThan(0);
  await expect.poll(() => hintShown(elsewhere)).toBe(1);
  await sameApp.close();
  await elsewhere.close();
}, 120_000);
