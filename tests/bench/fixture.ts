import type { Page } from 'playwright-core';
import { generateCalls } from '../workbench/generator';
import type { Workbench } from '../workbench/server';
import type { ExtensionBrowser } from '../e2e/harness';

/** One clock for a benchmark's generated calls and the stand-in serving them. */
export const NOW = Math.floor(Date.now() / 1000);

/** How many calls to generate so that exactly `files` of them have a recording. */
export function callsFor(files: number): number {
  for (let n = files; n < files * 3; n++)
    if (generateCalls({ seed: 1, count: n, now: NOW }).filter((c) => c.recordingKey).length === files) return n;
  throw new Error(`no call count gives ${files} recordings`);
}

/** The download benchmarks' batch: this many recordings of this size, at this latency, this many at a time. */
export const FILES = 200;
export const FILE_BYTES = 700 * 1024;
export const LATENCY_MS = 100;
export const CONCURRENCY = 3;

/**
 * What a user does on the record page, timed from the click on download to the last file:
 * 100 rows a page, (`prepare`), collect every page, the 录音: 有 chip, select all matching.
 */
export async function timeDownloadFromPage(
  page: Page,
  ext: ExtensionBrowser,
  workbench: Workbench,
  prepare = async () => {},
): Promise<number> {
  await page.goto(workbench.recordPageUrl);
  const bar = page.locator('tccc-record-tools');
  await page.locator('select').selectOption('100');
  await page.waitForFunction(() => document.querySelectorAll('input[data-testid=row-select]').length === 100);
  await prepare();
  await bar.locator('[data-testid=collect-all]').click();
  await page.waitForFunction(
    (n) =>
      document.querySelector('tccc-record-tools')?.shadowRoot?.querySelector('[data-testid=match-count]')?.textContent?.includes(String(n)),
    workbench.calls.length,
    { timeout: 120_000 },
  );
  await bar.locator('[data-testid=filter-chip][data-group=recording][data-value=yes]').click();
  await bar.locator('[data-testid=select-matching]').click();

  // Files of an earlier run stay where they are: only this run's count.
  const before = new Set(await ext.downloadedFiles());
  const t0 = performance.now();
  await bar.locator('[data-testid=download-selected]').click();
  while ((await ext.downloadedFiles()).filter((f) => f.startsWith('TCCC录音/') && f.endsWith('.mp3') && !before.has(f)).length < FILES)
    await new Promise((r) => setTimeout(r, 50));
  return performance.now() - t0;
}
