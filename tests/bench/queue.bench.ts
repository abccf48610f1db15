import { afterAll, beforeAll, it } from 'vitest';
import { Agent } from 'node:https';
import type { Page } from 'playwright-core';
import type { Workbench } from '../workbench/server';
import { callStandIn, standInCookie } from '../workbench/client';
import { generateCalls } from '../workbench/generator';
import { clampConcurrency } from '../../utils/settings';
import { CONCURRENCY, FILES, FILE_BYTES, LATENCY_MS, NOW, callsFor, timeDownloadFromPage } from './fixture';
import { startStandIn, waitForFile, type ExtensionBrowser } from '../e2e/harness';
import { inContentScript } from '../e2e/content-world';
import { median, report } from './stats';
import { readCsv } from './csv';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { normalizeRecords } from '../../utils/normalize';


let workbench: Workbench;
let ext: ExtensionBrowser;
let page: Page;

/** The service worker's JS heap after a garbage collection, through the browser's DevTools protocol. */
async function workerHeapBytes(): Promise<number> {
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
  for (let pageNumber = 0; urls.length < FILES; pageNumber++) {
    const r = pageNumber === 0 ? reply : await callStandIn(workbench, 'https://tccc.qcloud.com/tcccadmin/cdr/telList', { method: 'POST', body: { PageSize: 100, PageNumber: pageNumber }, cookie });
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

/** The most the options allow. */
const MAX_CONCURRENCY = clampConcurrency(Number.MAX_SAFE_INTEGER);

/** The queue's concurrency, as the options page sets it. */
async function setConcurrency(n: number): Promise<void> {
  await (await ext.worker()).evaluate((slots) => (globalThis as unknown as { chrome: { storage: { sync: { set(v: object): Promise<void> } } } }).chrome.storage.sync.set({ concurrency: slots }), n);
}

/** The history cleared, as from the popup: the same calls are not skipped as downloaded before. */
async function forgetDownloaded(): Promise<void> {
  const popup = await ext.openPopup();
  await popup.evaluate(() => (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).chrome.runtime.sendMessage({ type: 'clear-history' }));
  await popup.close();
}

/**
 * Chrome's own download manager with no queue at all: every file asked of
 * `chrome.downloads.download` at once from the worker, timed to the last file on disk.
 */
async function chromeBaseline(urls: string[]): Promise<number> {
  const worker = await ext.worker();
  const t0 = performance.now();
  await worker.evaluate(async (links) => {
    const downloads = (globalThis as unknown as { chrome: { downloads: { download(o: object): Promise<number> } } }).chrome.downloads;
    await Promise.all(links.map((url, i) => downloads.download({ url, filename: `baseline/${i}.mp3`, conflictAction: 'overwrite', saveAs: false })));
  }, urls);
  while ((await ext.downloadedFiles()).filter((f) => f.startsWith('baseline/')).length < urls.length) await new Promise((r) => setTimeout(r, 50));
  return performance.now() - t0;
}

it(`downloads ${FILES} recordings of 700 KB at ${LATENCY_MS} ms latency, against plain Node at the same concurrency and Chrome with no queue`, async () => {
  workbench.setFaults({ latencyMs: LATENCY_MS });
  const { urls, cookie } = await recordingLinks();
  const node = await nodeBaseline(urls, cookie);
  const chrome = await chromeBaseline(urls);

  const extension = await timeDownloadFromPage(page, ext, workbench);
  // Again at the options' most, 6 at a time: as many as Chrome itself opens to one host.
  await setConcurrency(MAX_CONCURRENCY);
  const extensionAtMost = await timeDownloadFromPage(page, ext, workbench, forgetDownloaded);
  await setConcurrency(CONCURRENCY);
  workbench.setFaults({});
  report(`${FILES} × 700 KB @ ${LATENCY_MS} ms: plain Node, ${CONCURRENCY} at a time`, `${(node / 1000).toFixed(2)} s`);
  report(`${FILES} × 700 KB @ ${LATENCY_MS} ms: Chrome, all asked at once, no queue`, `${(chrome / 1000).toFixed(2)} s`);
  report(`${FILES} × 700 KB @ ${LATENCY_MS} ms: the extension, click to last file`, `${(extension / 1000).toFixed(2)} s`);
  report(`the same, the extension ${MAX_CONCURRENCY} at a time`, `${(extensionAtMost / 1000).toFixed(2)} s`);
  report('extension / plain Node', (extension / node).toFixed(2), '≤ 1.2');
  report(`extension / Chrome with no queue (${CONCURRENCY} at a time, the default)`, (extension / chrome).toFixed(2), '≤ 1.1');
  report(`extension / Chrome with no queue (${MAX_CONCURRENCY} at a time)`, (extensionAtMost / chrome).toFixed(2), '≤ 1.1');
}, 600_000);

const BIG = 50_000;
type SendMessage = (m: unknown) => Promise<{ ok: boolean; batchId: string }>;

/** `count` calls as the page would send them, each changed by `over`. */
function bigSelection(seed: number, over: (cdr: Record<string, unknown>) => Record<string, unknown>) {
  return normalizeRecords(generateCalls({ seed, count: BIG, now: NOW }).map((c) => over({ ...c.cdr })), Infinity).records;
}

it(`enqueues ${BIG.toLocaleString('en')} calls, renders the popup with them, and weighs the service worker`, async () => {
  // Records as the page would send them; their links point at the stand-in, which never answers in time.
  workbench.setFaults({ latencyMs: 600_000 });
  const records = bigSelection(5, (cdr) => ({ ...cdr, RecordURL: `https://tccc.qcloud.com/tcccadmin/getRecord/x/y/${cdr.SessionId as string}.mp3` }));
  const popup = await ext.openPopup();
  const heap = () => workerHeapBytes();
  await popup.evaluate(() => (globalThis as unknown as { chrome: { runtime: { sendMessage: SendMessage } } }).chrome.runtime.sendMessage({ type: 'clear-history' }));
  // The message alone, to the worker and back, answered at once: what no queue can save.
  const carried = await popup.evaluate(async (recs) => {
    const send = (globalThis as unknown as { chrome: { runtime: { sendMessage: SendMessage } } }).chrome.runtime.sendMessage;
    const t0 = performance.now();
    await send({ type: 'ping', records: recs });
    return performance.now() - t0;
  }, records);
  report(`carrying ${BIG.toLocaleString('en')} records to the worker (a ping, no queue)`, `${carried.toFixed(0)} ms`);
  const before = await heap();
  const times: number[] = [];
  const clears: number[] = [];
  for (let run = 0; run < 3; run++) {
    // From the record page's content script, the only side the background takes calls from.
    const { ms, batchId } = await inContentScript(page, async (recs) => {
      const send = (globalThis as unknown as { chrome: { runtime: { sendMessage: SendMessage } } }).chrome.runtime.sendMessage;
      const t0 = performance.now();
      const reply = await send({ type: 'enqueue', records: recs, pageUrl: location.href, force: true });
      if (!reply.ok) throw new Error('enqueue refused');
      return { ms: performance.now() - t0, batchId: reply.batchId };
    }, records);
    times.push(ms);
    if (run === 2) break;
    // Each run starts from an empty queue: the batch is canceled and forgotten, as a user would clear it.
    clears.push(
      await popup.evaluate(async (id) => {
        const send = (globalThis as unknown as { chrome: { runtime: { sendMessage: SendMessage } } }).chrome.runtime.sendMessage;
        const t0 = performance.now();
        await send({ type: 'batch-action', batchId: id, action: 'cancel' });
        await send({ type: 'clear-history' });
        return performance.now() - t0;
      }, batchId),
    );
  }
  report(`enqueue ${BIG.toLocaleString('en')} calls (message to acknowledged, median of 3)`, `${median(times).toFixed(0)} ms (${times.map((t) => t.toFixed(0)).join(', ')})`, '≤ 2,000 ms');
  report(`cancel and forget a batch of ${BIG.toLocaleString('en')} (median of 2)`, `${median(clears).toFixed(0)} ms`);
  // Once the background has named and filed the new items (just after acknowledging them): the popup counts them then.
  await popup.locator(`[data-testid=batch-progress][data-total="${BIG}"]`).waitFor({ timeout: 300_000 });
  const after = await heap();
  report(`service-worker JS heap after GC, ${BIG.toLocaleString('en')} items queued`, `${(after / 1048576).toFixed(1)} MB (${(before / 1048576).toFixed(1)} MB with none)`, '≤ 30 MB');

  const renders: number[] = [];
  for (let run = 0; run < 5; run++) {
    const p = await ext.context.newPage();
    await p.goto(`chrome-extension://${ext.extensionId}/popup.html`, { waitUntil: 'commit' });
    renders.push(
      await p.evaluate(
        (total) =>
          new Promise<number>((resolve) => {
            const check = () => (document.querySelector(`[data-testid=batch-progress][data-total="${total}"]`) ? resolve(performance.now()) : requestAnimationFrame(check));
            check();
          }),
        BIG,
      ),
    );
    await p.close();
  }
  report(`popup first render with ${BIG.toLocaleString('en')} items queued (median of 5)`, `${median(renders).toFixed(0)} ms`, '≤ 200 ms');
  await popup.evaluate(() => (globalThis as unknown as { chrome: { runtime: { sendMessage: SendMessage } } }).chrome.runtime.sendMessage({ type: 'clear-history' }));
  await popup.close();
  workbench.setFaults({});
}, 600_000);

it(`writes the manifest of ${BIG.toLocaleString('en')} calls, which a strict CSV reader opens row for row`, async () => {
  // Calls without a recording: the batch is finished as soon as it is filed, and its manifest written.
  const records = bigSelection(6, (cdr) => ({ ...cdr, RecordURL: '', CustomRecordURL: '', ServeParticipants: [], RecordId: '' }));
  const popup = await ext.openPopup();
  const before = new Set(await ext.downloadedFiles());
  const t0 = performance.now();
  await popup.evaluate((recs) => (globalThis as unknown as { chrome: { runtime: { sendMessage: SendMessage } } }).chrome.runtime.sendMessage({ type: 'enqueue', records: recs, pageUrl: 'https://tccc.qcloud.com/saas-manage/', force: true }), records);
  const file = await waitForFile(ext, (p) => p.endsWith('清单.csv') && !before.has(p), 120_000);
  const written = performance.now() - t0;
  const bytes = await readFile(join(ext.downloadsDir, file));
  const t1 = performance.now();
  const rows = readCsv(bytes.toString('utf8'));
  const read = performance.now() - t1;
  if (rows.length !== BIG + 1) throw new Error(`the manifest has ${rows.length - 1} rows, not ${BIG}`);
  const ids = new Set(records.map((r) => r.sessionId));
  if (!rows.slice(1).every((r) => ids.has(r[0]!) && r[14] === '跳过')) throw new Error('a manifest row names a call not selected, or the wrong state');
  report(`manifest of ${BIG.toLocaleString('en')} rows: enqueue to file on disk`, `${(written / 1000).toFixed(2)} s (${(bytes.length / 1048576).toFixed(1)} MB)`);
  report(`manifest of ${BIG.toLocaleString('en')} rows: strict RFC 4180 read`, `${read.toFixed(0)} ms, ${rows.length - 1} rows × ${rows[0]!.length} fields`);
  await popup.evaluate(() => (globalThis as unknown as { chrome: { runtime: { sendMessage: SendMessage } } }).chrome.runtime.sendMessage({ type: 'clear-history' }));
  await popup.close();
}, 600_000);
