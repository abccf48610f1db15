import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startWorkbench, type Workbench } from '../workbench/server';
import { launchExtension, waitForFile, type ExtensionBrowser } from './harness';
import { inContentScript } from './content-world';
import type { CallRecord } from '../../utils/record/record';
import { asCallRecord } from '../../utils/record/record-guard';
import { enqueueParts } from '../../utils/extension/enqueue-upload';

// The extension API inside the browser, where these callbacks run.
declare const chrome: { runtime: { getManifest(): Record<string, unknown>; sendMessage(message: object): Promise<unknown> } };

let workbench: Workbench;
let ext: ExtensionBrowser;

beforeAll(async () => {
  workbench = await startWorkbench({ port: 0, count: 60 });
  ext = await launchExtension({ hostResolverRules: workbench.hostResolverRules });
  const page = ext.context.pages()[0] ?? (await ext.context.newPage());
  await page.goto(workbench.loginUrl);
});

afterAll(async () => {
  await ext?.dispose();
  await workbench?.close();
});

describe('the extension in real Chromium on the stand-in workbench', () => {
  it('loads: its service worker runs and answers', async () => {
    const worker = await ext.worker();
    const manifest = await worker.evaluate(() => chrome.runtime.getManifest());
    expect(manifest.manifest_version).toBe(3);
    // The main-world tap is in the manifest, so it sees a page's first request even right after an install.
    expect(manifest.content_scripts).toEqual([
      { matches: ['https://tccc.qcloud.com/*'], run_at: 'document_start', js: ['content-scripts/workbench-tap.js'], world: 'MAIN' },
      { matches: ['https://tccc.qcloud.com/*'], run_at: 'document_start', js: ['content-scripts/workbench.js'] },
    ]);
    expect(JSON.stringify(manifest.host_permissions)).not.toContain('localhost');
  });

  it('loads its page tools only into a page that shows call records', async () => {
    const page = await ext.context.newPage();
    const cdp = await ext.context.newCDPSession(page);
    const scripts: string[] = [];
    cdp.on('Debugger.scriptParsed', (e) => scripts.push(e.url));
    await cdp.send('Debugger.enable');
    await page.goto(workbench.homeUrl);
    await page.waitForTimeout(1500);
    const tools = () => scripts.filter((u) => u.endsWith('/content-scripts/workbench-tools.js'));
    expect(scripts.some((u) => u.endsWith('/content-scripts/workbench.js'))).toBe(true);
    expect(tools()).toHaveLength(0);

    await page.getByText('电话客服', { exact: true }).first().click();
    await expect.poll(() => page.locator('tccc-record-tools').count(), { timeout: 15_000 }).toBe(1);
    await page.waitForTimeout(1000);
    expect(tools()).toHaveLength(1);
    await cdp.detach();
    await page.close();
  });

  it('puts its bar above the record table, and keeps it through paging and navigation', async () => {
    const page = ext.context.pages()[0]!;
    await page.goto(workbench.recordPageUrl);
    const host = page.locator('tccc-record-tools');
    await expect.poll(() => host.count(), { timeout: 15_000 }).toBe(1);
    // Above the table: the host comes before the table in document order.
    const before = await page.evaluate(() => {
      const h = document.querySelector('tccc-record-tools')!;
      const table = [...document.querySelectorAll('table')].find((t) => t.textContent?.includes('主叫号码'))!;
      return !!(h.compareDocumentPosition(table) & Node.DOCUMENT_POSITION_FOLLOWING);
    });
    expect(before).toBe(true);
    expect(await page.evaluate(() => document.querySelector('tccc-record-tools')!.shadowRoot !== null)).toBe(true);

    await page.getByRole('button', { name: '下一页' }).click();
    await page.waitForTimeout(800);
    expect(await host.count()).toBe(1);

    await page.getByText('首页', { exact: true }).first().click();
    await expect.poll(() => page.url()).toContain('/home');
    await expect.poll(() => host.count(), { timeout: 5_000 }).toBe(0);
    await page.getByText('电话客服', { exact: true }).first().click();
    await expect.poll(() => host.count(), { timeout: 15_000 }).toBe(1);
  });

  it('opens its popup', async () => {
    const popup = await ext.openPopup();
    await expect.poll(() => popup.locator('[data-testid=empty]').count()).toBe(1);
    expect(await popup.title()).toContain('TCCC');
    await popup.close();
  });

  it('downloads a recording through the background, byte for byte as the server sent it', async () => {
    const call = workbench.calls.find((c: Workbench['calls'][number]) => c.recordingKey && !c.cdr.Caller.includes('*'))!;
    const page = ext.context.pages()[0]!;
    const recordUrl = await page.evaluate(
      async ({ endpoint }) => {
        const r = await fetch(endpoint, { credentials: 'include' });
        return ((await r.json()) as { data: { RecordURL: string } }).data.RecordURL;
      },
      { endpoint: `/tcccadmin/cdr/recordUrl?SessionId=${call.cdr.SessionId}` },
    );
    expect(recordUrl).toMatch(/^https:\/\/tccc\.qcloud\.com\/tcccadmin\/getRecord\//);

    const record: Partial<CallRecord> = {
      sessionId: call.cdr.SessionId,
      startTime: call.cdr.StartTimestamp,
      caller: call.cdr.Caller.replace(/^0086/, ''),
      callee: call.cdr.Callee.replace(/^0086/, ''),
      agentName: call.cdr.SeatUser?.Name ?? '',
      recordUrl,
      customRecordUrl: null,
    };
    // Only a workbench tab's content script may queue calls: not even the extension's own popup.
    const popup = await ext.openPopup();
    const part = [...enqueueParts([asCallRecord(record)!], { pageUrl: page.url(), force: false })][0]!;
    const refused = await popup.evaluate((p) => chrome.runtime.sendMessage(p).catch(String), part);
    expect(refused).not.toMatchObject({ ok: true });
    await popup.close();
    const reply = await inContentScript(page, (p) => chrome.runtime.sendMessage(p), part);
    expect(reply).toMatchObject({ ok: true, accepted: 1 });
    const file = await waitForFile(ext, (p) => p.includes(call.cdr.SessionId));
    expect(file).toMatch(/^TCCC录音\/\d{8}-\d{6}\/.+\.mp3$/);
    const onDisk = await readFile(join(ext.downloadsDir, file));
    expect(onDisk.equals(workbench.recordingBytes(call.cdr.SessionId))).toBe(true);
  });

  it('survives its service worker being stopped: the next message wakes it', async () => {
    await ext.stopServiceWorker();
    const popup = await ext.openPopup();
    const reply = await popup.evaluate(() => chrome.runtime.sendMessage({ type: 'ping' }));
    expect(reply).toMatchObject({ ok: true, version: '0.1.0' });
    await popup.close();
  });
});
