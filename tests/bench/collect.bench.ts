import { afterEach, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startStandIn } from '../e2e/harness';
import { median, report } from './stats';
import { chipClickTimes, takeLongTasks, watchLongTasks } from './page-timing';
import { ownedSummary, recordTaskOwners, type OwnedTask } from './task-owner';

const LIST_LATENCY_MS = 100;
type StandIn = Awaited<ReturnType<typeof startStandIn>>;
let s: StandIn | undefined;

afterEach(async () => {
  await s?.dispose();
  s = undefined;
});

/** Click on collect-all to the whole query counted in the bar, in ms; with the long tasks meanwhile, by owner. */
async function timeCollect(page: Page, total: number): Promise<{ ms: number; tasks: OwnedTask[] }> {
  const bar = page.locator('tccc-record-tools');
  await bar.locator('[data-testid=collect-all]').waitFor({ timeout: 20_000 });
  await page.waitForTimeout(500);
  await takeLongTasks(page);
  const owners = await recordTaskOwners(page);
  const t0 = performance.now();
  await bar.locator('[data-testid=collect-all]').click();
  await page.waitForFunction(
    (n) =>
      document
        .querySelector('tccc-record-tools')
        ?.shadowRoot?.querySelector('[data-testid=match-count]')
        ?.textContent?.match(new RegExp(`(/|of) ${n}(\\D|$)`)),
    total,
    { timeout: 600_000, polling: 50 },
  );
  const ms = performance.now() - t0;
  return { ms, tasks: await owners.stop() };
}

it(`collect-all: 10,000 calls at ${LIST_LATENCY_MS} ms list latency, the page's list request repeated vs its pager driven`, async () => {
  s = await startStandIn({ count: 10_000, faults: { listLatencyMs: LIST_LATENCY_MS } });
  await watchLongTasks(s.page);
  await s.page.goto('about:blank');
  await s.page.goto(s.workbench.recordPageUrl);
  const { ms: replay, tasks } = await timeCollect(s.page, 10_000);
  report('collect-all 10,000 (list request repeated)', `${(replay / 1000).toFixed(1)} s`, '≤ 8 s');
  report('longest task running our code during collect-all of 10,000', ownedSummary(tasks).ours, '≤ 50 ms');
  report("  longest of the page's own meanwhile", ownedSummary(tasks).page);
  await s.dispose();

  // The fallback, where the page signs each list request: its pager driven, at the largest size its own selector offers.
  s = await startStandIn({ count: 10_000, signedList: true, faults: { listLatencyMs: LIST_LATENCY_MS } });
  await watchLongTasks(s.page);
  await s.page.goto('about:blank');
  await s.page.goto(s.workbench.recordPageUrl);
  const { ms: pager, tasks: pagerTasks } = await timeCollect(s.page, 10_000);
  report(
    'collect-all 10,000 by the pager at its largest size (a page that signs its list requests)',
    `${(pager / 1000).toFixed(1)} s`,
    '≤ 40 s',
  );
  report('  longest task running our code meanwhile', ownedSummary(pagerTasks).ours, '≤ 50 ms');
  report("  longest of the page's own (drawing 100 rows a page) meanwhile", ownedSummary(pagerTasks).page);
  report('  repeated request vs pager', `${(pager / replay).toFixed(1)}× faster`);
}, 900_000);

it('a chip click with 30,000 calls collected', async () => {
  s = await startStandIn({ count: 30_000 });
  await s.page.goto(s.workbench.recordPageUrl);
  await timeCollect(s.page, 30_000);
  const times = await chipClickTimes(s.page, 21);
  report('chip click with 30,000 collected, rows and counts', `${median(times.slice(1)).toFixed(1)} ms`, '≤ 16 ms');
}, 600_000);
