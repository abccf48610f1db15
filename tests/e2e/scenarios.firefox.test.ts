import { expect, it } from 'vitest';
import { defineScenarios } from './scenarios';
import { startFirefox } from './harness-firefox';

defineScenarios(startFirefox);

/** Firefox alone: Chrome grants the host permissions an extension declares at install. */
it('without access to the workbench, says what to do, and one click in the popup brings the bar', async () => {
  const s = await startFirefox({ count: 12 }, { grantHostAccess: false });
  try {
    const { page, workbench, ext } = s;
    await page.goto(workbench.recordPageUrl);
    // The page works, untouched; no bar, no row boxes.
    await expect.poll(() => page.evaluate(() => document.body.textContent.includes('主叫号码'), null), { timeout: 15_000 }).toBe(true);
    expect(await page.count('tccc-record-tools')).toBe(0);

    const popup = await ext.openPopup();
    await expect.poll(() => popup.count('[data-testid=host-access]')).toBe(1);
    await popup.click('[data-testid=grant-host-access]');
    await expect.poll(() => popup.count('[data-testid=host-access]')).toBe(0);
    await popup.close();

    await page.bringToFront();
    await expect.poll(() => page.count('tccc-record-tools'), { timeout: 15_000 }).toBe(1);
    // The list went by before the scripts came: the bar says to reload, as after an install.
    if (await page.count('tccc-record-tools >>> [data-testid=reload-page]'))
      await page.click('tccc-record-tools >>> [data-testid=reload-page]');
    await expect.poll(() => page.count('input[data-testid=row-select]'), { timeout: 15_000 }).toBe(10);
  } finally {
    await s.dispose();
  }
}, 120_000);
