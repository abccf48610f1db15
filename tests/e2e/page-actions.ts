/** What a person does on the record page, as the tests say it (vitest's `expect` waits for the page). */
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import type { Workbench } from '../workbench/server';

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
