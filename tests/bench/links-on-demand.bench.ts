import { afterAll, beforeAll, it } from 'vitest';
import { Agent } from 'node:https';
import type { Page } from 'playwright-core';
import type { Workbench } from '../workbench/server';
import { callStandIn, standInCookie } from '../workbench/client';
import { startStandIn, type ExtensionBrowser } from '../e2e/harness';
import { report } from './stats';
import { CONCURRENCY, FILES, FILE_BYTES, LATENCY_MS, NOW, callsFor, timeDownloadFromPage } from './fixture';

let workbench: Workbench;
let ext: ExtensionBrowser;
let page: Page;
let standIn: Awaited<ReturnType<typeof startStandIn>>;

// The list carries no links: each recording costs a link request first, at the same latency.
beforeAll(async () => {
  standIn = await startStandIn({ seed: 1, now: NOW, count: callsFor(FILES), recordingBytes: FILE_BYTES, mode: 'lazy-links' });
  ({ workbench, ext, page } = standIn);
});

afterAll(() => standIn?.dispose());

/** Plain Node doing what the page does per call, `CONCURRENCY` at a time: ask for the link, then fetch the file. */
async function nodeBaseline(ids: string[], cookie: string): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const queue = [...ids];
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let id = queue.shift(); id; id = queue.shift()) {
        const link = await callStandIn(workbench, `https://tccc.qcloud.com/tcccadmin/cdr/recordUrl?SessionId=${id}`, { cookie, agent });
        const url = (JSON.parse(link.body.toString()) as { data: { recordUrl: string } }).data.recordUrl;
        const r = await callStandIn(workbench, url, { cookie, agent });
        if (r.body.length !== FILE_BYTES) throw new Error(`short body for ${id}`);
      }
    }),
  );
  agent.destroy();
  return performance.now() - t0;
}

it(`downloads ${FILES} recordings whose links come on demand, at ${LATENCY_MS} ms latency, against plain Node asking the same way`, async () => {
  workbench.setFaults({ latencyMs: LATENCY_MS });
  const ids = workbench.calls.filter((c) => c.recordingKey).map((c) => c.cdr.SessionId);
  const node = await nodeBaseline(ids, await standInCookie(workbench));

  // The one click the extension asks for: it learns how the page asks for a link.
  const extension = await timeDownloadFromPage(page, ext, workbench, async () => {
    await page
      .locator('tr', { has: page.locator('input[data-testid=row-select]') })
      .filter({ hasText: '播放录音' })
      .first()
      .getByText('播放录音')
      .click();
    await page.locator('tccc-record-tools').locator('[data-testid=link-hint]').waitFor({ state: 'detached' });
  });
  workbench.setFaults({});
  report(`${FILES} on-demand × 700 KB @ ${LATENCY_MS} ms: plain Node, link then file`, `${(node / 1000).toFixed(2)} s`);
  report(`${FILES} on-demand × 700 KB @ ${LATENCY_MS} ms: the extension`, `${(extension / 1000).toFixed(2)} s`);
  report('on-demand: extension / plain Node', (extension / node).toFixed(2), '≤ 1.2');
}, 600_000);
