/** The Chromium side of driver.ts, over the Playwright harness. */
import type { Page } from 'playwright-core';
import type { WorkbenchOptions } from '../workbench/server';
import type { DriverPage, ExtensionDriver, LaunchOptions, Session } from './driver';
import { startStandIn } from './harness';

/** Playwright's CSS steps into open shadow roots by itself. */
const css = (selector: string) => selector.replaceAll(' >>> ', ' ');

function chromiumPage(page: Page): DriverPage {
  return {
    goto: async (url) => void (await page.goto(url)),
    reload: async () => void (await page.reload()),
    url: () => page.url(),
    count: (s) => page.locator(css(s)).count(),
    text: async (s) => ((await page.locator(css(s)).count()) ? page.locator(css(s)).first().textContent() : null),
    attr: async (s, name) => ((await page.locator(css(s)).count()) ? page.locator(css(s)).first().getAttribute(name) : null),
    click: (s) => page.locator(css(s)).first().click(),
    clickButton: (name) => page.getByRole('button', { name }).first().click(),
    clickText: (text) => page.getByText(text, { exact: true }).locator('visible=true').first().click(),
    evaluate: (fn, arg) => page.evaluate(fn as never, arg) as never,
    bringToFront: () => page.bringToFront(),
    close: () => page.close(),
  };
}

export async function startChromium(options: WorkbenchOptions, launch: LaunchOptions = {}): Promise<Session> {
  const s = await startStandIn(options, { timezoneId: launch.timezoneId });
  const { ext } = s;
  const ui = async (path: string) => {
    const p = await ext.context.newPage();
    await p.goto(`chrome-extension://${ext.extensionId}/${path}`);
    return chromiumPage(p);
  };
  const driver: ExtensionDriver = {
    name: 'chromium',
    page: chromiumPage(s.page),
    newPage: async () => chromiumPage(await ext.context.newPage()),
    openPopup: () => ui('popup.html'),
    downloadsDir: ext.downloadsDir,
    downloadedFiles: () => ext.downloadedFiles(),
    queueState: () => ext.queueState(),
    restartBackground: () => ext.stopServiceWorker(),
    dispose: () => ext.dispose(),
  };
  return { workbench: s.workbench, ext: driver, page: driver.page, dispose: () => s.dispose() };
}
