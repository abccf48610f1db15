import { afterAll, beforeAll, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { startStandIn } from './harness';
import { selectAcrossQuery, toolsOf } from './page-actions';

let s: Awaited<ReturnType<typeof startStandIn>>;

beforeAll(async () => {
  s = await startStandIn({ count: 40, recordingBytes: 32 * 1024, seed: 5 });
});
afterAll(() => s?.dispose());

const LOCALES = ['zh_CN', 'en'] as const;
type Locale = (typeof LOCALES)[number];
/** Chrome's largest popup: it sizes a popup to its content, up to this. */
const POPUP_MAX = { width: 800, height: 600 };

/**
 * A page of the extension in the given locale, whatever the browser's own (this machine's
 * Chromium ships only en-US): chrome.i18n answers from that locale's messages.json.
 */
async function openIn(locale: Locale, path: string, viewport: { width: number; height: number }): Promise<Page> {
  const messages = JSON.parse(readFileSync(resolve(import.meta.dirname, `../../public/_locales/${locale}/messages.json`), 'utf8'));
  const page = await s.ext.context.newPage();
  await page.setViewportSize(viewport);
  await page.addInitScript(
    ([catalog, lang]) => {
      type Entry = { message: string; placeholders?: Record<string, { content: string }> };
      const getMessage = (key: string, subs?: string | string[]) => {
        const entry = (catalog as Record<string, Entry>)[key];
        if (!entry) return '';
        const list = subs === undefined ? [] : Array.isArray(subs) ? subs : [subs];
        const fill = (text: string) => text.replace(/\$(\d)/g, (_, n: string) => list[Number(n) - 1] ?? '');
        return entry.message.replace(/\$(\w+)\$/g, (_, name: string) => fill(entry.placeholders?.[name.toLowerCase()]?.content ?? ''));
      };
      for (const api of [(globalThis as { chrome?: { i18n?: object } }).chrome, (globalThis as { browser?: { i18n?: object } }).browser]) {
        if (!api?.i18n) continue;
        Object.defineProperty(api.i18n, 'getMessage', { value: getMessage, configurable: true });
        Object.defineProperty(api.i18n, 'getUILanguage', { value: () => lang, configurable: true });
      }
    },
    [messages, locale.replace('_', '-')] as const,
  );
  await page.goto(`chrome-extension://${s.ext.extensionId}/${path}`);
  return page;
}

/** Elements that reach past the document's width, or whose content sticks out of them: what a person sees cut off. */
function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const name = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.getAttribute('data-testid') ? `[${el.getAttribute('data-testid')}]` : ''}.${el.className} “${(el.textContent ?? '').trim().slice(0, 30)}”`;
    const out: string[] = [];
    for (const el of document.querySelectorAll('body *')) {
      const r = el.getBoundingClientRect();
      if (!r.width && !r.height) continue;
      if (r.right > width + 0.5 || r.left < -0.5) out.push(`${name(el)} spans ${Math.round(r.left)}–${Math.round(r.right)} of ${width}`);
      // A text field scrolls its own text, as every text field does.
      else if (!el.matches('input, textarea, select') && el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'auto')
        out.push(`${name(el)} holds ${el.scrollWidth} in ${el.clientWidth}`);
    }
    if (document.documentElement.scrollWidth > width)
      out.push(`the document scrolls sideways: ${document.documentElement.scrollWidth} > ${width}`);
    return out;
  });
}

/** The popup as Chrome shows it: as wide as its body asks, as high as its content, both within the popup's limits. */
async function popupFits(locale: Locale, ready: (popup: Page) => Promise<void>): Promise<void> {
  const popup = await openIn(locale, 'popup.html', POPUP_MAX);
  await ready(popup);
  const size = await popup.evaluate(() => ({
    width: Math.ceil(document.body.getBoundingClientRect().width),
    height: Math.ceil(document.body.scrollHeight),
  }));
  await popup.setViewportSize({ width: Math.min(size.width, POPUP_MAX.width), height: Math.min(size.height, POPUP_MAX.height) });
  expect(await overflowing(popup), `popup in ${locale}`).toEqual([]);
  await popup.close();
}

it('the popup fits at its real size in both locales: empty, with a running batch, paused', async () => {
  for (const locale of LOCALES) await popupFits(locale, (p) => p.locator('[data-testid=empty]').waitFor());

  s.workbench.setFaults({ bytesPerSecond: 24 * 1024 });
  await s.page.goto(s.workbench.recordPageUrl);
  // Every call, with a recording or not: the batch then has reasons to show.
  await selectAcrossQuery(s.page, s.workbench);
  await toolsOf(s.page).locator('[data-testid=download-selected]').click();
  const batch = (p: Page) => p.locator('[data-testid=batch]').first();
  const running = async (p: Page) => {
    await expect.poll(() => batch(p).locator('[data-testid=open-folder]').count(), { timeout: 30_000 }).toBe(1);
    await expect.poll(() => batch(p).locator('[data-testid=batch-reasons] li').count()).toBeGreaterThan(0);
    await batch(p).locator('[data-testid=pause]').waitFor();
  };
  for (const locale of LOCALES) await popupFits(locale, running);

  const popup = await s.ext.openPopup();
  await batch(popup).locator('[data-testid=pause]').click();
  await expect.poll(() => batch(popup).getAttribute('data-state')).toBe('paused');
  await popup.close();
  for (const locale of LOCALES) await popupFits(locale, (p) => batch(p).locator('[data-testid=resume]').waitFor());
  s.workbench.setFaults({});
});

it('the options page fits in both locales, in a wide window and a narrow one', async () => {
  for (const locale of LOCALES) {
    for (const viewport of [
      { width: 1280, height: 800 },
      { width: 500, height: 700 },
    ]) {
      const options = await openIn(locale, 'options.html', viewport);
      await options.locator('[data-testid=option-template]').waitFor();
      // A long template, and a column name row, as a user fills them in.
      await options
        .locator('[data-testid=option-template]')
        .fill(
          '{batch}/{skillGroup}/{agent}/{datetime}_{direction}_{caller}_{callee}_{agent}_{staffNo}_{satisfaction}_{hangup}_{status}_{duration}_{sessionId}',
        );
      await expect.poll(() => options.locator('[data-testid=template-preview]').textContent()).toContain('.mp3');
      await options.locator('[data-testid=column-name-add]').click();
      await options.locator('[data-testid=column-name-text]').fill('客户满意度（按键评价结果）');
      expect(await overflowing(options), `options in ${locale} at ${viewport.width}px`).toEqual([]);
      await options.close();
    }
  }
});
