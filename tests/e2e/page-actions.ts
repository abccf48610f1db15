/** What a person does on the record page, as the tests say it (vitest's `expect` waits for the page). */
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Workbench } from '../workbench/server';
import type { ExtensionBrowser } from './harness';

/** The extension's bar on the page (inside its open shadow root). */
export const toolsOf = (page: Page) => page.locator('tccc-record-tools');

export const chipOf = (page: Page, group: string, value: string) =>
  toolsOf(page).locator(`[data-testid=filter-chip][data-group="${group}"][data-value="${value}"]`);

/** Session ids of the row checkboxes a person can see (rows a filter hides excluded). */
export const visibleRowIds = (page: Page): Promise<string[]> =>
  page.$$eval('input[data-testid=row-select]', (boxes) =>
    boxes.filter((b) => (b as HTMLElement).checkVisibility()).map((b) => (b as HTMLInputElement).dataset.sessionId!),
  );

/**
 * On the record page: collects every page of the query, sets these chips (after clearing
 * any the page remembered) and selects every match.
 */
export async function selectAcrossQuery(page: Page, workbench: Workbench, chips: [string, string][] = []): Promise<void> {
  const bar = toolsOf(page);
  await bar.locator('[data-testid=collect-all]').click();
  await expect
    .poll(() => bar.locator('[data-testid=match-count]').textContent(), { timeout: 60_000 })
    .toContain(String(workbench.calls.length));
  const clear = bar.locator('[data-testid=clear-filters]');
  if (await clear.isEnabled()) await clear.click();
  for (const [group, value] of chips) await chipOf(page, group, value).click();
  await bar.locator('[data-testid=select-matching]').click();
}

/**
 * Waits until every one of `ids` has a recording on disk, and checks each is there once
 * with the server's bytes: what a person checks in the download folder.
 */
export async function expectEachRecordingOnce(
  ext: ExtensionBrowser,
  workbench: Workbench,
  ids: string[],
  timeoutMs: number,
): Promise<string[]> {
  let files: string[] = [];
  await expect
    .poll(
      async () => {
        files = (await ext.downloadedFiles()).filter((f) => f.endsWith('.mp3'));
        return ids.filter((id) => files.some((f) => f.includes(id))).length;
      },
      { timeout: timeoutMs },
    )
    .toBe(ids.length)
    .catch(async (error: Error) => Promise.reject(new Error(`${error.message}\nqueue: ${await ext.queueState()}`)));
  for (const id of ids) {
    const mine = files.filter((f) => f.includes(id));
    expect(mine, id).toHaveLength(1);
    expect((await readFile(join(ext.downloadsDir, mine[0]!))).equals(workbench.recordingBytes(id)), id).toBe(true);
  }
  return files;
}
