import { afterAll, beforeAll, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startWorkbench, type Workbench } from '../workbench/server';
import { launchExtension, type ExtensionBrowser } from '../e2e/harness';
import { median, report } from './stats';
import { chipClickTimes, watchLongTasks } from './page-timing';
import { ownedSummary, recordTaskOwners } from './task-owner';

let workbench: Workbench;
let ext: ExtensionBrowser;
let page: Page;

beforeAll(async () => {
  workbench = await startWorkbench({ port: 0, count: 400 });
  ext = await launchExtension({ hostResolverRules: workbench.hostResolverRules });
  page = ext.context.pages()[0] ?? (await ext.context.newPage());
  await page.goto(workbench.loginUrl);
  await watchLongTasks(page);
});

afterAll(async () => {
  await ext?.dispose();
  await workbench?.close();
});

it('start-up on the record page: longest task', async () => {
  await page.goto('about:blank');
  const owners = await recordTaskOwners(page);
  await page.goto(workbench.recordPageUrl);
  await page.locator('tccc-record-tools').locator('[data-testid=match-count]').waitFor({ timeout: 20_000 });
  await page.waitForTimeout(1000);
  const tasks = await owners.stop();
  report('long tasks (> 50 ms) running our code during start-up', String(tasks.filter((t) => t.ours).length), '0');
  report('longest task running our code during start-up', ownedSummary(tasks).ours, '≤ 50 ms');
  report("  longest of the page's own (its first render and layout)", ownedSummary(tasks).page);
});

it('a chip click on a 100-row page', async () => {
  await page.locator('select').selectOption('100');
  await page.waitForFunction(() => document.querySelectorAll('input[data-testid=row-select]').length === 100, undefined, {
    timeout: 20_000,
  });
  const times = await chipClickTimes(page, 41);
  report('chip click → 100 rows and counts updated', `${median(times.slice(1)).toFixed(2)} ms`, 'well under 16 ms');
});
