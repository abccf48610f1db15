/**
 * The Firefox side of driver.ts: Debian's Firefox ESR, driven over WebDriver BiDi by
 * puppeteer-core (no geckodriver), with the production build installed as a temporary add-on.
 */
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { startWorkbench, type WorkbenchOptions } from '../workbench/server';
import { finishedFiles, type DriverPage, type ExtensionDriver, type LaunchOptions, type Session } from './driver';
import { startHostProxy } from './host-proxy';
import { readQueueState } from './queue-state';

const FIREFOX_EXTENSION_DIR = resolve(import.meta.dirname, '../../.output/firefox-mv3');
const FIREFOX_PATH = process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';
const ADDON_ID = 'tccc-record-tools@tccc-tools.invalid';
/** Pinned before launch, so a test can open the extension's own pages by URL. */
const ADDON_UUID = '5f0c6a52-7d0e-4b7e-9a51-7ccc0e2e2e01';

/**
 * A person's click on the first visible button with this name, or element saying exactly this
 * text. The page tags it for an instant so the click goes through Puppeteer's input actions
 * (trusted), not a script's `click()`.
 */
async function clickFound(page: Page, kind: 'button' | 'text', wanted: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const tagged = await page.evaluate(
      (k: string, w: string) => {
        for (const old of document.querySelectorAll('[data-e2e-click]')) old.removeAttribute('data-e2e-click');
        const visible = (e: Element) => (e as HTMLElement).checkVisibility();
        const el =
          k === 'button'
            ? [...document.querySelectorAll('button, [role=button]')].find(
                (b) => visible(b) && [b.getAttribute('aria-label'), b.getAttribute('title'), b.textContent?.trim()].includes(w),
              )
            : [...document.body.querySelectorAll('*')].find(
                (e) => e.textContent?.trim() === w && visible(e) && ![...e.children].some((c) => c.textContent?.trim() === w),
              );
        el?.setAttribute('data-e2e-click', '');
        return !!el;
      },
      kind,
      wanted,
    );
    if (tagged) break;
    if (Date.now() > deadline) throw new Error(`Nothing to click: ${kind} ${wanted}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  await page.locator('[data-e2e-click]').click();
}

function firefoxPage(page: Page): DriverPage {
  return {
    goto: async (url) => void (await page.goto(url)),
    reload: async () => void (await page.reload()),
    url: () => page.url(),
    count: async (s) => (await page.$$(s)).length,
    text: async (s) => {
      const el = await page.$(s);
      return el ? el.evaluate((e) => e.textContent) : null;
    },
    attr: async (s, name) => {
      const el = await page.$(s);
      return el ? el.evaluate((e, n) => e.getAttribute(n), name) : null;
    },
    click: (s) => page.locator(s).click(),
    clickButton: (name) => clickFound(page, 'button', name),
    clickText: (text) => clickFound(page, 'text', text),
    evaluate: (fn, arg) => page.evaluate(fn as never, arg) as never,
    bringToFront: () => page.bringToFront(),
    close: () => page.close(),
  };
}

/**
 * Opens one of the extension's own pages. Puppeteer's navigation to a moz-extension: URL
 * never reports its end (the page loads in the extension's process), so this waits for the page.
 */
async function openExtensionPage(browser: Browser, path: string): Promise<Page> {
  const page = await browser.newPage();
  const url = `moz-extension://${ADDON_UUID}/${path}`;
  void page.goto(url, { timeout: 60_000 }).catch(() => {});
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const ready = await page.evaluate(() => `${location.href} ${document.readyState}`).catch(() => '');
    if (ready === `${url} complete`) return page;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not open`);
}

/**
 * Files under `dir`, but empty ones: Firefox creates the empty file under the final name an
 * instant before its `.part`, and nothing of ours is ever empty.
 */
async function listFiles(dir: string, root: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(full, root)));
    else if ((await stat(full).catch(() => null))?.size) out.push(relative(root, full));
  }
  return out;
}

export async function startFirefox(options: WorkbenchOptions, launch: LaunchOptions = {}): Promise<Session> {
  if (!existsSync(join(FIREFOX_EXTENSION_DIR, 'manifest.json'))) {
    throw new Error(`No build at ${FIREFOX_EXTENSION_DIR}: run \`npm run build:firefox\` first`);
  }
  if (!existsSync(FIREFOX_PATH)) throw new Error(`No Firefox at ${FIREFOX_PATH}: apt-get install firefox-esr, or set FIREFOX_PATH`);
  const workbench = await startWorkbench({ port: 0, ...options });
  const proxy = await startHostProxy([new URL(workbench.origin).hostname, workbench.cosHost], { host: '127.0.0.1', port: workbench.port });
  const dir = await mkdtemp(join(tmpdir(), 'tccc-e2e-firefox-'));
  const downloadsDir = join(dir, 'downloads');
  await mkdir(join(dir, 'profile'), { recursive: true });
  await mkdir(downloadsDir);

  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX_PATH,
    headless: true,
    // The stand-in's self-signed certificate, for pages, the extension's requests and its downloads alike.
    acceptInsecureCerts: true,
    userDataDir: join(dir, 'profile'),
    // Lets BiDi open the extension's own pages.
    args: ['--remote-allow-system-access'],
    defaultViewport: { width: 1440, height: 900 },
    env: { ...process.env, ...(launch.timezoneId ? { TZ: launch.timezoneId } : {}) },
    extraPrefsFirefox: {
      'network.proxy.type': 1,
      'network.proxy.ssl': '127.0.0.1',
      'network.proxy.ssl_port': proxy.port,
      'network.proxy.http': '127.0.0.1',
      'network.proxy.http_port': proxy.port,
      'network.proxy.no_proxies_on': '',
      'browser.download.dir': downloadsDir,
      'browser.download.folderList': 2,
      'browser.download.useDownloadDir': true,
      'browser.download.start_downloads_in_tmp_dir': false,
      'browser.download.always_ask_before_handling_new_types': false,
      'browser.download.alwaysOpenPanel': false,
      'extensions.webextensions.uuids': JSON.stringify({ [ADDON_ID]: ADDON_UUID }),
      'extensions.originControls.grantByDefault': launch.grantHostAccess ?? true,
      // `permissions.request` answers without a doorhanger no test can click.
      'extensions.webextOptionalPermissionPrompts': false,
    },
  });
  const install = () => browser.installExtension(FIREFOX_EXTENSION_DIR);
  await install();

  const first = (await browser.pages())[0] ?? (await browser.newPage());
  await first.goto(workbench.loginUrl);
  const page = firefoxPage(first);
  const driver: ExtensionDriver = {
    name: 'firefox',
    page,
    newPage: async () => firefoxPage(await browser.newPage()),
    openPopup: async () => firefoxPage(await openExtensionPage(browser, 'popup.html')),
    downloadsDir,
    downloadedFiles: async () => finishedFiles(await listFiles(downloadsDir, downloadsDir)),
    async queueState() {
      const ui = await openExtensionPage(browser, 'popup.html');
      try {
        return JSON.stringify(await ui.evaluate(readQueueState));
      } finally {
        await ui.close();
      }
    },
    // The add-on reloaded (what about:debugging's Reload does): the event page goes, a new one starts.
    restartBackground: async () => void (await install()),
    async dispose() {
      await browser.close().catch(() => {});
      await rm(dir, { recursive: true, force: true });
    },
  };
  return {
    workbench,
    ext: driver,
    page,
    async dispose() {
      await driver.dispose();
      await proxy.close();
      await workbench.close();
    },
  };
}
