import { chromium, type BrowserContext, type CDPSession, type Page, type Worker } from 'playwright-core';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve as resolvePath } from 'node:path';
import { readQueueState } from './queue-state';

const EXTENSION_DIR = resolvePath(import.meta.dirname, '../../.output/chrome-mv3');
const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export interface LaunchOptions {
  hostResolverRules: string;
  headless?: boolean;
  /** Keep the profile (and downloads) of an earlier launch: a browser restart. */
  profileDir?: string;
  /** Start the browser without the extension; `installExtension()` adds it later, as a user does. */
  withoutExtension?: boolean;
  /** The browser's time zone (IANA name, e.g. `UTC`, `Asia/Shanghai`); the machine's by default. */
  timezoneId?: string;
  /** The user turned on "Ask where to save each file before downloading" (`download.prompt_for_download`). */
  askWhereToSave?: boolean;
  /** Where files land: a folder of the test's own (a small disk, say); the profile's `downloads` by default. */
  downloadsDir?: string;
}

export interface ExtensionBrowser {
  context: BrowserContext;
  /** Empty until the extension is installed. */
  extensionId: string;
  profileDir: string;
  downloadsDir: string;
  worker(): Promise<Worker>;
  /** Stops the extension's service worker, as Chrome does after 30 s idle. */
  stopServiceWorker(): Promise<void>;
  openPopup(): Promise<Page>;
  /**
   * Installs the build from disk while the browser runs, as a user does from the store; called
   * again with the extension installed, it is an update.
   */
  installExtension(): Promise<void>;
  /** Files under the download folder, relative paths, finished ones only. */
  downloadedFiles(): Promise<string[]>;
  /** What the queue holds and which tabs are open, for a failing test to say where things stood. */
  queueState(): Promise<string>;
  close(): Promise<void>;
  /** Closes the browser and removes its profile. */
  dispose(): Promise<void>;
}

async function preparedProfile(
  profileDir?: string,
  askWhereToSave = false,
  downloadsTo?: string,
): Promise<{ profileDir: string; downloadsDir: string }> {
  const dir = profileDir ?? (await mkdtemp(join(tmpdir(), 'tccc-e2e-')));
  const downloadsDir = downloadsTo ?? join(dir, 'downloads');
  await mkdir(join(dir, 'Default'), { recursive: true });
  await mkdir(downloadsDir, { recursive: true });
  const prefsPath = join(dir, 'Default', 'Preferences');
  if (!existsSync(prefsPath)) {
    const prefs = { download: { default_directory: downloadsDir, prompt_for_download: askWhereToSave, directory_upgrade: true } };
    await writeFile(prefsPath, JSON.stringify(prefs));
  }
  return { profileDir: dir, downloadsDir };
}

export async function launchExtension(options: LaunchOptions): Promise<ExtensionBrowser> {
  if (!existsSync(join(EXTENSION_DIR, 'manifest.json'))) {
    throw new Error(`No build at ${EXTENSION_DIR}: run \`npm run build\` first`);
  }
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`No Chromium at ${CHROMIUM_PATH}: apt-get install chromium, or set CHROMIUM_PATH`);
  }
  const { profileDir, downloadsDir } = await preparedProfile(options.profileDir, options.askWhereToSave, options.downloadsDir);
  const args = [
    ...(options.withoutExtension ? [] : [`--disable-extensions-except=${EXTENSION_DIR}`, `--load-extension=${EXTENSION_DIR}`]),
    // Lets the browser-level CDP install an extension while it runs (Extensions.loadUnpacked).
    '--enable-unsafe-extension-debugging',
    `--host-resolver-rules=${options.hostResolverRules}`,
    '--ignore-certificate-errors',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
    '--disable-gpu',
    '--lang=zh-CN',
  ];
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM_PATH,
    headless: options.headless ?? true,
    args,
    ignoreDefaultArgs: ['--disable-extensions'],
    env: { ...process.env, HOME: profileDir, ...(options.timezoneId ? { TZ: options.timezoneId } : {}) },
    timezoneId: options.timezoneId,
    viewport: { width: 1440, height: 900 },
    locale: 'zh-CN',
  });

  const browserSession = await context.browser()!.newBrowserCDPSession();
  // Playwright takes over downloads; hand them back to Chrome so files land under their own names.
  await browserSession.send('Browser.setDownloadBehavior', { behavior: 'default' });

  // Playwright keeps listing a worker Chrome has stopped, so we track which one is live.
  let live: Worker | null = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://')) ?? null;
  context.on('serviceworker', (w) => {
    if (w.url().startsWith('chrome-extension://')) live = w;
  });
  const worker = async (): Promise<Worker> => {
    if (live) return live;
    // A worker restarted by Chrome may come back under its old handle, without an event.
    const listed = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://'));
    return listed ?? context.waitForEvent('serviceworker', { timeout: 30_000 });
  };
  // No wait for anything a user cannot see: the test opens its pages at once, as a user does.
  const extensionId = options.withoutExtension ? '' : new URL((await worker()).url()).host;

  let swSession: CDPSession | null = null;
  const ext: ExtensionBrowser = {
    context,
    extensionId,
    profileDir,
    downloadsDir,
    worker,
    async stopServiceWorker() {
      if (!swSession) {
        const page = context.pages()[0] ?? (await context.newPage());
        swSession = await context.newCDPSession(page);
        await swSession.send('ServiceWorker.enable');
      }
      const session = swSession;
      // Done when Chrome reports our worker stopped (an event may start it again right after).
      const stopped = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('The service worker did not stop')), 10_000);
        const onUpdate = (e: { versions: { scriptURL: string; runningStatus: string }[] }) => {
          if (e.versions.some((v) => v.scriptURL.startsWith(`chrome-extension://${ext.extensionId}/`) && v.runningStatus === 'stopped')) {
            clearTimeout(timer);
            session.off('ServiceWorker.workerVersionUpdated', onUpdate);
            resolve();
          }
        };
        session.on('ServiceWorker.workerVersionUpdated', onUpdate);
      });
      await session.send('ServiceWorker.stopAllWorkers');
      live = null;
      await stopped;
    },
    async installExtension() {
      // An update replaces the worker: the next one to start is the live one.
      live = null;
      const { id } = (await browserSession.send(
        'Extensions.loadUnpacked' as 'Browser.getVersion',
        { path: EXTENSION_DIR } as never,
      )) as unknown as { id: string };
      ext.extensionId = id;
    },
    async openPopup() {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${ext.extensionId}/popup.html`);
      return page;
    },
    async downloadedFiles() {
      return listFiles(downloadsDir, downloadsDir);
    },
    async queueState() {
      return JSON.stringify(await (await worker()).evaluate(readQueueState));
    },
    async close() {
      await context.close();
    },
    async dispose() {
      await context.close().catch(() => {});
      await rm(profileDir, { recursive: true, force: true });
    },
  };
  return ext;
}

async function listFiles(dir: string, root: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(full, root)));
    else if (!entry.name.endsWith('.crdownload')) out.push(relative(root, full));
  }
  return out.sort();
}

/** Waits until `path` under the download folder exists, is complete and stops growing. */
export async function waitForFile(ext: ExtensionBrowser, predicate: (path: string) => boolean, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const found = (await ext.downloadedFiles()).find(predicate);
    if (found) {
      const size = (await stat(join(ext.downloadsDir, found))).size;
      await new Promise((r) => setTimeout(r, 200));
      if ((await stat(join(ext.downloadsDir, found))).size === size) return found;
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`No finished download matched within ${timeoutMs} ms; have: ${(await ext.downloadedFiles()).join(', ')}`);
}

/** The stand-in workbench and Chromium with the extension, logged in, on one page. */
export async function startStandIn(
  options: import('../workbench/server.ts').WorkbenchOptions,
  browser: Pick<LaunchOptions, 'timezoneId' | 'askWhereToSave' | 'downloadsDir'> = {},
) {
  const { startWorkbench } = await import('../workbench/server.ts');
  const workbench = await startWorkbench({ port: 0, ...options });
  const ext = await launchExtension({ hostResolverRules: workbench.hostResolverRules, ...browser });
  const page = ext.context.pages()[0] ?? (await ext.context.newPage());
  await page.goto(workbench.loginUrl);
  return {
    workbench,
    ext,
    page,
    async dispose() {
      await ext.dispose();
      await workbench.close();
    },
  };
}
