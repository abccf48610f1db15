/**
 * What a scenario may do in a browser, whichever it is: the Chromium harness (Playwright)
 * and the Firefox harness (Puppeteer over WebDriver BiDi) both implement it, so a scenario
 * is written once and runs in both.
 *
 * Selectors are CSS; ` >>> ` steps into an open shadow root (`tccc-record-tools >>> [data-testid=x]`).
 */
import type { Workbench, WorkbenchOptions } from '../workbench/server';

type BrowserName = 'chromium' | 'firefox';

export interface DriverPage {
  goto(url: string): Promise<void>;
  reload(): Promise<void>;
  url(): string;
  count(selector: string): Promise<number>;
  /** The first match's text, or null when nothing matches. */
  text(selector: string): Promise<string | null>;
  attr(selector: string, name: string): Promise<string | null>;
  /** A person's click on the first match, once it can be clicked. */
  click(selector: string): Promise<void>;
  /** A person's click on the button with this accessible name. */
  clickButton(name: string): Promise<void>;
  /** A person's click on the first visible element saying exactly `text`. */
  clickText(text: string): Promise<void>;
  /** Runs in the page's own world (an extension page's, for the popup). */
  evaluate<A, T>(fn: (arg: A) => T | Promise<T>, arg: A): Promise<T>;
  bringToFront(): Promise<void>;
  close(): Promise<void>;
}

export interface ExtensionDriver {
  name: BrowserName;
  /** The tab the browser opened with. */
  page: DriverPage;
  newPage(): Promise<DriverPage>;
  openPopup(): Promise<DriverPage>;
  downloadsDir: string;
  /** Files under the download folder, relative paths, finished ones only. */
  downloadedFiles(): Promise<string[]>;
  /** What the queue holds, for a failing test to say where things stood. */
  queueState(): Promise<string>;
  /**
   * The background goes away mid-work and comes back, as the browser does to it: Chrome stops
   * an idle service worker; Firefox suspends an idle event page, or the add-on is reloaded.
   */
  restartBackground(): Promise<void>;
  dispose(): Promise<void>;
}

export interface LaunchOptions {
  /** The browser's time zone (IANA name); the machine's by default. */
  timezoneId?: string;
  /**
   * Whether the browser grants the workbench host permission at install: Chrome always does,
   * Firefox's MV3 host permissions are opt-in (`extensions.originControls.grantByDefault`).
   */
  grantHostAccess?: boolean;
}

export interface Session {
  workbench: Workbench;
  ext: ExtensionDriver;
  /** The first tab, logged in to the workbench. */
  page: DriverPage;
  dispose(): Promise<void>;
}

export type StartSession = (options: WorkbenchOptions, launch?: LaunchOptions) => Promise<Session>;

/** Files a browser has not finished writing: Chromium's `.crdownload`, Firefox's `.part` beside an empty file under the final name. */
export function finishedFiles(paths: string[]): string[] {
  const all = new Set(paths);
  return paths.filter((p) => !p.endsWith('.crdownload') && !p.endsWith('.part') && !all.has(`${p}.part`)).sort();
}
