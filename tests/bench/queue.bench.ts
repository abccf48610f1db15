import { afterAll, beforeAll, it } from 'vitest';
import { Agent } from 'node:https';
import type { Page } from 'playwright-core';
import type { Workbench } from '../workbench/server';
import { callStandIn, standInCookie } from '../workbench/client';
import { generateCalls } from '../workbench/generator';
import { CONCURRENCY, FILES, FILE_BYTES, LATENCY_MS, NOW, callsFor, timeDownloadFromPage } from './fixture';
import { startStandIn, type ExtensionBrowser } from '../e2e/harness';
import { inContentScript } from '../e2e/content-world';
import { report } from './stats';
import { normalizeRecords } from '../../utils/normalize';


let workbench: Workbench;
let ext: ExtensionBrowser;
let page: Page;

/** The service worker's JS heap after a garbage collection, through the browser's DevTools protocol. */
async function workerHeapBytes(ext: ExtensionBrowser): Promise<number> {
  await ext.worker();
  const cdp = await ext.context.browser()!.newBrowserCDPSession();
  try {
    const { targetInfos } = await cdp.send('Target.getTargets');
    const target = targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${ext.extensionId}/`));
    if (!target) throw new Error('no service worker running');
    const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: target.targetId, flatten: false });
    let id = 0;
    const call = (method: string) =>
      new Promise<Record<string, number>>((resolve) => {
        const mine = ++id;
        const onMessage = (e: { sessionId?: string; message: string }) => {
          const m = JSON.parse(e.message) as { id?: number; result?: Record<string, number> };
          if (e.sessionId === sessionId && m.id === mine) {
            cdp.off('Target.receivedMessageFromTarget', onMessage);
            resolve(m.result ?? {});
          }
        };
        cdp.on('Target.receivedMessageFromTarget', onMessage);
        void cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: mine, method }) });
      });
    await call('HeapProfiler.collectGarbage');
    return (await call('Runtime.getHeapUsage')).usedSize!;
  } finally {
    await cdp.detach();
  }
}


let standIn: Awaited<ReturnType<typeof startStandIn>>;

beforeAll(async () => {
  standIn = await startStandIn({ seed: 1, now: NOW, count: callsFor(FILES), recordingBytes: FILE_BYTES });
  ({ workbench, ext, page } = standIn);
});

afterAll(() => standIn?.dispose());

/** The recording links the page is given for the first `FILES` calls that have one, and its cookie. */
async function recordingLinks(): Promise<{ urls: string[]; cookie: string }> {
  const cookie = await standInCookie(workbench);
  const reply = await callStandIn(workbench, 'https://tccc.qcloud.com/tcccadmin/cdr/telList', { method: 'POST', body: { PageSize: 100, PageNumber: 0 }, cookie });
  const urls: string[] = [];
  for (let page = 0; urls.length < FILES; page++) {
    const r = page === 0 ? reply : await callStandIn(workbench, 'https://tccc.qcloud.com/tcccadmin/cdr/telList', { method: 'POST', body: { PageSize: 100, PageNumber: page }, cookie });
    const list = (JSON.parse(r.body.toString()) as { data: { TelCdrList: { RecordURL?: string }[] } }).data.TelCdrList;
    if (!list.length) break;
    for (const c of list) if (/^https:\/\//.test(c.RecordURL ?? '') && urls.length < FILES) urls.push(c.RecordURL!);
  }
  return { urls, cookie };
}

/** Plain Node: the same URLs, `CONCURRENCY` at a time over kept-alive connections, bodies read whole. */
async function nodeBaseline(urls: string[], cookie: string): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const queue = [...urls];
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let url = queue.shift(); url; url = queue.shift()) {
        const r = await callStandIn(workbench, url, { cookie, agent });
        if (r.body.length !== FILE_BYTES) throw new Error(`short body from ${url}`);
      }
    }),
  );
  agent.destroy();
  return performance.now() - t0;
}

it(`downloads ${FILES} recordings of 700 KB at ${LATENCY_MS} ms latency, against plain Node at the same concurrency`, async () => {
  workbench.setFaults({ latencyMs: LATENCY_MS });
  const { urls, cookie } = await recordingLinks();
  const node = await nodeBaseline(urls, cookie);

  const extension = await timeDownloadFromPage(page, ext, workbench);
  workbench.setFaults({});
  report(`${FILES} × 700 KB @ ${LATENCY_MS} ms: plain Node, ${CONCURRENCY} at a time`, `${(node / 1000).toFixed(2)} s`);
  report(`${FILES} × 700 KB @ ${LATENCY_MS} ms: the extension, click to last file`, `${(extension / 1000).toFixed(2)} s`);
  report('extension / plain Node', (extension / node).toFixed(2), '≤ 1.2');
}, 600_000);

it('enqueues 5,000 calls, renders the popup with them, and weighs the service worker', async () => {
  // Records as the page would send them; their links point at the stand-in, which never answers in time.
  workbench.setFaults({ latencyMs: 600_000 });
  const { records } = normalizeRecords(generateCalls({ seed: 5, count: 5_000, now: NOW }).map((c) => ({ ...c.cdr, RecordURL: `https://tccc.qcloud.com/tcccadmin/getRecord/x/y/${c.cdr.SessionId}.mp3` })), Infinity);
  const popup = await ext.openPopup();
  const heap = () => workerHeapBytes(ext);
  const before = await heap();
  const times: number[] = [];
  for (let run = 0; run < 3; run++) {
    // From the record page's content script, the only side the background takes calls from.
    const ms = await inContentScript(page, async (recs) => {
      const t0 = performance.now();
      const reply = await (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<{ ok: boolean; batchId: string }> } } }).chrome.runtime.sendMessage({ type: 'enqueue', records: recs, pageUrl: location.href, force: true });
      if (!reply.ok) throw new Error('enqueue refused');
      return performance.now() - t0;
    }, records);
    times.push(ms);
  }
  times.sort((a, b) => a - b);
  report('enqueue 5,000 calls (message to acknowledged, median of 3)', `${times[1]!.toFixed(0)} ms`, '≤ 1,000 ms');
  const after = await heap();
  report('service-worker JS heap after GC, 15,000 items queued', `${(after / 1048576).toFixed(1)} MB (${(before / 1048576).toFixed(1)} MB with none)`);

  // Once the background has filed the new items (it does that just after acknowledging them).
  await popup.waitForTimeout(3000);
  const renders: number[] = [];
  for (let run = 0; run < 5; run++) {
    const p = await ext.context.newPage();
    await p.goto(`chrome-extension://${ext.extensionId}/popup.html`, { waitUntil: 'commit' });
    renders.push(
      await p.evaluate(
        () =>
          new Promise<number>((resolve) => {
            const check = () => (document.querySelectorAll('[data-testid=batch]').length >= 3 ? resolve(performance.now()) : requestAnimationFrame(check));
            check();
          }),
      ),
    );
    await p.close();
  }
  renders.sort((a, b) => a - b);
  report('popup first render with 15,000 items in 3 batches (median of 5)', `${renders[2]!.toFixed(0)} ms`, '≤ 200 ms');
  await popup.close();
  workbench.setFaults({});
}, 600_000);
