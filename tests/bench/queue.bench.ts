import { afterAll, beforeAll, it } from 'vitest';
import { Agent } from 'node:https';
import type { Page } from 'playwright-core';
import type { Workbench } from '../workbench/server';
import { callStandIn, standInCookie } from '../workbench/client';
import { generateCalls } from '../workbench/generator';
import { clampConcurrency } from '../../utils/settings/settings';
import { CONCURRENCY, FILES, FILE_BYTES, LATENCY_MS, NOW, callsFor, timeDownloadFromPage } from './fixture';
import { startStandIn, waitForFile, type ExtensionBrowser } from '../e2e/harness';
import { inContentScript } from '../e2e/content-world';
import { median, report } from './stats';
import { readCsv } from './csv';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { normalizeRecords } from '../../utils/page-json/normalize';
import { recordingUrlOf } from '../../utils/page-json/recording-link';
import { enqueueParts } from '../../utils/extension/enqueue-upload';

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

/**
 * The links the extension fetches for the batch's calls (each call's `RecordURL`, else its COS
 * copy, as the queue picks), and the session cookie: the baselines fetch the very same files.
 */
async function recordingLinks(): Promise<{ urls: string[]; cookie: string }> {
  const cookie = await standInCookie(workbench);
  const urls: string[] = [];
  for (let page = 0; urls.length < FILES; page++) {
    const r = await callStandIn(workbench, 'https://tccc.qcloud.com/tcccadmin/cdr/telList', {
      method: 'POST',
      body: { PageSize: 100, PageNumber: page },
      cookie,
    });
    const list = (JSON.parse(r.body.toString()) as { data: { TelCdrList: unknown[] } }).data.TelCdrList;
    if (!list.length) break;
    for (const record of normalizeRecords(list, Infinity).records) {
      const url = recordingUrlOf(record);
      if (url && urls.length < FILES) urls.push(url);
    }
  }
  if (urls.length !== FILES) throw new Error(`the list links ${urls.length} recordings, not ${FILES}`);
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
  await (await ext.worker()).evaluate(
    (n) =>
      (globalThis as unknown as { chrome: { storage: { sync: { set(v: object): Promise<void> } } } }).chrome.storage.sync.set({
        concurrency: n,
      }),
    n,
  );
}

/** The history cleared, as from the popup: the same calls are not skipped as downloaded before. */
async function forgetDownloaded(): Promise<void> {
  const popup = await ext.openPopup();
  await popup.evaluate(() =>
    (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).chrome.runtime.sendMessage({
      type: 'clear-history',
    }),
  );
  await popup.close();
}

/**
 * Chrome's own download manager with no queue at all, timed to the last file on disk: with
 * `atOnce`, `atOnce` files asked of `chrome.downloads.download` at a time from the worker
 * (the next as soon as one ends), as many as the queue runs; without, every file asked at
 * once (Chrome then opens 6 connections to each host).
 */
async function chromeBaseline(urls: string[], atOnce?: number): Promise<number> {
  const worker = await ext.worker();
  const folder = `baseline-${atOnce ?? 'all'}-${Date.now()}/`;
  chromeFolder = folder;
  const t0 = performance.now();
  await worker.evaluate(
    async ({ urls, atOnce, folder }) => {
      type Delta = { id: number; state?: { current?: string } };
      const downloads = (
        globalThis as unknown as {
          chrome: {
            downloads: {
              download(o: object): Promise<number>;
              onChanged: { addListener(f: (d: Delta) => void): void; removeListener(f: (d: Delta) => void): void };
            };
          };
        }
      ).chrome.downloads;
      let next = 0;
      let left = urls.length;
      const start = () => {
        const i = next++;
        if (i < urls.length)
          void downloads.download({ url: urls[i], filename: `${folder}${i}.mp3`, conflictAction: 'overwrite', saveAs: false });
      };
      await new Promise<void>((resolve, reject) => {
        const onChanged = (d: Delta) => {
          if (d.state?.current === 'interrupted') reject(new Error(`a baseline download was interrupted`));
          if (d.state?.current !== 'complete') return;
          if (--left === 0) {
            downloads.onChanged.removeListener(onChanged);
            resolve();
          } else start();
        };
        downloads.onChanged.addListener(onChanged);
        for (let k = 0; k < (atOnce ?? urls.length); k++) start();
      });
    },
    { urls, atOnce, folder },
  );
  while ((await ext.downloadedFiles()).filter((f) => f.startsWith(folder)).length < urls.length)
    await new Promise((r) => setTimeout(r, 50));
  return performance.now() - t0;
}

/** Where the last run of each put its files. */
let chromeFolder = '';
let extensionFolder = '';

/** The extension's run from the page (see `timeDownloadFromPage`), the history cleared first. */
async function extensionRun(): Promise<number> {
  const before = new Set(await ext.downloadedFiles());
  const ms = await timeDownloadFromPage(page, ext, workbench, forgetDownloaded);
  const mine = (await ext.downloadedFiles()).find((f) => !before.has(f) && f.endsWith('.mp3'))!;
  extensionFolder = `${mine.slice(0, mine.lastIndexOf('/'))}/`;
  return ms;
}

/**
 * How long a slot stood empty: from each download's end to the start of the one that took its
 * place (the browser's own times of the downloads whose path holds `part`, `atOnce` at a time),
 * median. The browser starts a download once its answer's headers are in: the latency is in it.
 */
async function refillGap(part: string, atOnce: number): Promise<number> {
  const items = await (await ext.worker()).evaluate(async (part) => {
    const downloads = (
      globalThis as unknown as {
        chrome: { downloads: { search(q: object): Promise<{ filename: string; startTime: string; endTime?: string }[]> } };
      }
    ).chrome.downloads;
    return (await downloads.search({ limit: 0 }))
      .filter((d) => d.filename.includes(part) && d.endTime)
      .map((d) => [Date.parse(d.startTime), Date.parse(d.endTime!)] as const);
  }, part);
  const starts = items.map(([s]) => s).sort((a, b) => a - b);
  const ends = items.map(([, e]) => e).sort((a, b) => a - b);
  return median(starts.slice(atOnce).map((s, i) => s - ends[i]!));
}

it(`downloads ${FILES} recordings of 700 KB at ${LATENCY_MS} ms latency, against plain Node at the same concurrency and Chrome with no queue`, async () => {
  workbench.setFaults({ latencyMs: LATENCY_MS });
  const { urls, cookie } = await recordingLinks();
  const node = await nodeBaseline(urls, cookie);
  const chromeAll = await chromeBaseline(urls);
  // Each concurrency's runs side by side, twice, so a busy machine weighs on both alike.
  const runs = { chrome: [] as number[], extension: [] as number[], chromeAtMost: [] as number[], extensionAtMost: [] as number[] };
  for (let run = 0; run < 2; run++) {
    runs.chrome.push(await chromeBaseline(urls, CONCURRENCY));
    runs.extension.push(await extensionRun());
    // Again at the options' most, 6 at a time: as many as Chrome itself opens to one host.
    await setConcurrency(MAX_CONCURRENCY);
    runs.chromeAtMost.push(await chromeBaseline(urls, MAX_CONCURRENCY));
    runs.extensionAtMost.push(await timeDownloadFromPage(page, ext, workbench, forgetDownloaded));
    await setConcurrency(CONCURRENCY);
  }
  // The last runs at the default, slot by slot.
  runs.chrome.push(await chromeBaseline(urls, CONCURRENCY));
  runs.extension.push(await extensionRun());
  workbench.setFaults({});
  const gaps = {
    chrome: await refillGap(chromeFolder.slice(0, -1), CONCURRENCY),
    extension: await refillGap(extensionFolder.slice(0, -1), CONCURRENCY),
  };
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const [chrome, extension, chromeAtMost, extensionAtMost] = [runs.chrome, runs.extension, runs.chromeAtMost, runs.extensionAtMost].map(
    median,
  ) as [number, number, number, number];
  report(`${FILES} × 700 KB @ ${LATENCY_MS} ms: plain Node, ${CONCURRENCY} at a time`, s(node));
  report(`${FILES} × 700 KB @ ${LATENCY_MS} ms: Chrome, all asked at once, no queue`, s(chromeAll));
  report(`the same, Chrome, ${CONCURRENCY} at a time, no queue (median of 3)`, s(chrome));
  report(`the same, the extension, click to last file (median of 3)`, s(extension));
  report(`the same, Chrome, ${MAX_CONCURRENCY} at a time, no queue (median of 2)`, s(chromeAtMost));
  report(`the same, the extension ${MAX_CONCURRENCY} at a time (median of 2)`, s(extensionAtMost));
  report('extension / plain Node', (extension / node).toFixed(2), '≤ 1.2');
  report(`extension / Chrome with no queue, ${CONCURRENCY} at a time (the default)`, (extension / chrome).toFixed(2), '≤ 1.1');
  report(`extension / Chrome with no queue, ${MAX_CONCURRENCY} at a time`, (extensionAtMost / chromeAtMost).toFixed(2), '≤ 1.1');
  report(`a slot's end to the next start, Chrome / the extension, ${CONCURRENCY} at a time`, `${gaps.chrome} / ${gaps.extension} ms`);
  report(`extension ${MAX_CONCURRENCY} at a time / Chrome, all asked at once`, (extensionAtMost / chromeAll).toFixed(2));
}, 900_000);

const BIG = 50_000;
type SendMessage = (m: unknown) => Promise<{ ok: boolean; batchId: string }>;

/** `count` calls as the page would send them, each changed by `over`. */
function bigSelection(seed: number, over: (cdr: Record<string, unknown>) => Record<string, unknown>) {
  return normalizeRecords(
    generateCalls({ seed, count: BIG, now: NOW }).map((c) => over({ ...c.cdr })),
    Infinity,
  ).records;
}

/** From the popup page's start to `selector` drawn, in ms, five times (a fresh popup each time). */
async function popupFirstRenders(selector: string): Promise<number[]> {
  const renders: number[] = [];
  for (let run = 0; run < 5; run++) {
    const p = await ext.context.newPage();
    await p.goto(`chrome-extension://${ext.extensionId}/popup.html`, { waitUntil: 'commit' });
    renders.push(
      await p.evaluate(
        (selector) =>
          new Promise<number>((resolve) => {
            const check = () => (document.querySelector(selector) ? resolve(performance.now()) : requestAnimationFrame(check));
            check();
          }),
        selector,
      ),
    );
    await p.close();
  }
  return renders;
}

it(`enqueues ${BIG.toLocaleString('en')} calls, renders the popup with them, and weighs the service worker`, async () => {
  // Records as the page would send them; their links point at the stand-in, which never answers in time.
  workbench.setFaults({ latencyMs: 600_000 });
  const records = bigSelection(5, (cdr) => ({
    ...cdr,
    RecordURL: `https://tccc.qcloud.com/tcccadmin/getRecord/x/y/${cdr.SessionId as string}.mp3`,
  }));
  const popup = await ext.openPopup();
  const heap = () => workerHeapBytes(ext);
  await popup.evaluate(() =>
    (globalThis as unknown as { chrome: { runtime: { sendMessage: SendMessage } } }).chrome.runtime.sendMessage({ type: 'clear-history' }),
  );
  // The parts alone, to the worker and back, answered at once: what no queue can save.
  const carried = await popup.evaluate(
    async (parts) => {
      const send = (globalThis as unknown as { chrome: { runtime: { sendMessage: SendMessage } } }).chrome.runtime.sendMessage;
      const t0 = performance.now();
      await Promise.all(parts.map((p) => send({ ...p, type: 'ping' })));
      return performance.now() - t0;
    },
    [...enqueueParts(records, { pageUrl: workbench.recordPageUrl, force: true })],
  );
  report(`carrying ${BIG.toLocaleString('en')} records to the worker (pings, no queue)`, `${carried.toFixed(0)} ms`);
  const before = await heap();
  const emptyRenders = await popupFirstRenders('[data-testid=empty]');
  let lastBatch = '';
  const times: number[] = [];
  const encodings: number[] = [];
  const clears: number[] = [];
  for (let run = 0; run < 3; run++) {
    // The page tools' own encoding (record-wire.ts), timed here; the parts then go as they send them.
    const t0 = performance.now();
    const parts = [...enqueueParts(records, { pageUrl: workbench.recordPageUrl, force: true })];
    encodings.push(performance.now() - t0);
    // From the record page's content script, the only side the background takes calls from.
    const { ms, batchId } = await inContentScript(
      page,
      async (parts) => {
        const send = (globalThis as unknown as { chrome: { runtime: { sendMessage: SendMessage } } }).chrome.runtime.sendMessage;
        const t0 = performance.now();
        const replies = await Promise.all(parts.map((p) => send(p)));
        const reply = replies.find((r) => r.batchId);
        if (!reply?.ok) throw new Error('enqueue refused');
        return { ms: performance.now() - t0, batchId: reply.batchId };
      },
      parts,
    );
    times.push(ms);
    lastBatch = batchId;
    if (run === 2) break;
    // Each run starts from an empty queue: the batch is canceled and forgotten, as a user would clear it.
    clears.push(
      await popup.evaluate(async (batchId) => {
        const send = (globalThis as unknown as { chrome: { runtime: { sendMessage: SendMessage } } }).chrome.runtime.sendMessage;
        const t0 = performance.now();
        await send({ type: 'batch-action', batchId, action: 'cancel' });
        await send({ type: 'clear-history' });
        return performance.now() - t0;
      }, batchId),
    );
  }
  const enqueues = times.map((t, i) => t + encodings[i]!);
  report(
    `enqueue ${BIG.toLocaleString('en')} calls (encoded, sent in parts, acknowledged; median of 3)`,
    `${median(enqueues).toFixed(0)} ms (${enqueues.map((t) => t.toFixed(0)).join(', ')}; encoding ${median(encodings).toFixed(0)} ms)`,
    '≤ 2,000 ms',
  );
  report(`cancel and forget a batch of ${BIG.toLocaleString('en')} (median of 2)`, `${median(clears).toFixed(0)} ms`);
  // Once the background has named and filed the new items (just after acknowledging them): the popup counts them then.
  await popup.locator(`[data-testid=batch-progress][data-total="${BIG}"]`).waitFor({ timeout: 300_000 });
  const after = await heap();
  report(
    `service-worker JS heap after GC, ${BIG.toLocaleString('en')} items queued`,
    `${(after / 1048576).toFixed(1)} MB (${(before / 1048576).toFixed(1)} MB with none)`,
    '≤ 30 MB',
  );

  const renders = await popupFirstRenders(`[data-testid=batch-progress][data-total="${BIG}"]`);
  report(
    `popup first render with ${BIG.toLocaleString('en')} items queued (median of 5)`,
    `${median(renders).toFixed(0)} ms (the page alone, no batch: ${median(emptyRenders).toFixed(0)} ms)`,
    '≤ 200 ms',
  );
  await popup.evaluate(async (batchId) => {
    const send = (globalThis as unknown as { chrome: { runtime: { sendMessage: SendMessage } } }).chrome.runtime.sendMessage;
    await send({ type: 'batch-action', batchId, action: 'cancel' });
  }, lastBatch);
  await popup.evaluate(() =>
    (globalThis as unknown as { chrome: { runtime: { sendMessage: SendMessage } } }).chrome.runtime.sendMessage({ type: 'clear-history' }),
  );
  await popup.close();
  workbench.setFaults({});
}, 600_000);

it(`writes the manifest of ${BIG.toLocaleString('en')} calls, which a strict CSV reader opens row for row`, async () => {
  // Calls without a recording: the batch is finished as soon as it is filed, and its manifest written.
  const records = bigSelection(6, (cdr) => ({ ...cdr, RecordURL: '', CustomRecordURL: '', ServeParticipants: [], RecordId: '' }));
  const popup = await ext.openPopup();
  const before = new Set(await ext.downloadedFiles());
  const t0 = performance.now();
  await inContentScript(
    page,
    async (parts) => {
      const send = (globalThis as unknown as { chrome: { runtime: { sendMessage: SendMessage } } }).chrome.runtime.sendMessage;
      await Promise.all(parts.map((p) => send(p)));
    },
    [...enqueueParts(records, { pageUrl: workbench.recordPageUrl, force: true })],
  );
  const file = await waitForFile(ext, (p) => p.endsWith('清单.csv') && !before.has(p), 120_000);
  const written = performance.now() - t0;
  const bytes = await readFile(join(ext.downloadsDir, file));
  const t1 = performance.now();
  const rows = readCsv(bytes.toString('utf8'));
  const read = performance.now() - t1;
  if (rows.length !== BIG + 1) throw new Error(`the manifest has ${rows.length - 1} rows, not ${BIG}`);
  const ids = new Set(records.map((r) => r.sessionId));
  if (!rows.slice(1).every((r) => ids.has(r[0]!) && r[14] === '跳过'))
    throw new Error('a manifest row names a call not selected, or the wrong state');
  report(
    `manifest of ${BIG.toLocaleString('en')} rows: enqueue to file on disk`,
    `${(written / 1000).toFixed(2)} s (${(bytes.length / 1048576).toFixed(1)} MB)`,
  );
  report(
    `manifest of ${BIG.toLocaleString('en')} rows: strict RFC 4180 read`,
    `${read.toFixed(0)} ms, ${rows.length - 1} rows × ${rows[0]!.length} fields`,
  );
  await popup.evaluate(() =>
    (globalThis as unknown as { chrome: { runtime: { sendMessage: SendMessage } } }).chrome.runtime.sendMessage({ type: 'clear-history' }),
  );
  await popup.close();
}, 600_000);
