// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { TAP_EVENT, TAP_HELLO, installTap, type TapPayload } from '../../utils/tap';

const ORIGIN = 'https://tccc.qcloud.com';
const RECORDS = JSON.stringify({ code: 0, data: { list: [{ SessionId: 's1', Caller: '138' }] } });

class FakeXhr extends EventTarget {
  responseType = '';
  responseText = '';
  response: unknown = null;
  responseURL = '';
  headers: Record<string, string> = {};
  open(_method: string, url: string) {
    this.responseURL = new URL(url, ORIGIN).href;
  }
  send() {
    const reply = replies.get(this.responseURL)!;
    this.headers = { 'content-type': reply.type };
    this.responseText = reply.body;
    this.response = this.responseType === 'json' ? JSON.parse(reply.body) : reply.body;
    this.dispatchEvent(new Event('load'));
  }
  getResponseHeader(name: string) {
    return this.headers[name.toLowerCase()] ?? null;
  }
}

const replies = new Map<string, { body: string; type: string }>();

function fakeWindow() {
  const fetchImpl = async (input: string) => {
    const url = new URL(input, ORIGIN).href;
    const reply = replies.get(url);
    if (!reply) throw new TypeError('Failed to fetch');
    const response = new Response(reply.body, { headers: { 'content-type': reply.type } });
    Object.defineProperty(response, 'url', { value: url });
    return response;
  };
  const win = {
    fetch: fetchImpl,
    XMLHttpRequest: FakeXhr,
    location: new URL(`${ORIGIN}/saas-manage/`),
    document: document.implementation.createHTMLDocument('workbench'),
  };
  return win as unknown as Window & typeof globalThis;
}

function collect(win: Window): TapPayload[] {
  const seen: TapPayload[] = [];
  win.document.addEventListener(TAP_EVENT, (e) => seen.push(JSON.parse((e as CustomEvent<string>).detail)));
  return seen;
}

const settle = () => new Promise((r) => setTimeout(r, 20));

describe('the tap on the page’s own requests', () => {
  beforeEach(() => {
    replies.clear();
    replies.set(`${ORIGIN}/tcccadmin/list`, { body: RECORDS, type: 'application/json; charset=utf-8' });
    replies.set(`${ORIGIN}/tcccadmin/html`, { body: '<p>SessionId</p>', type: 'text/html' });
    replies.set(`${ORIGIN}/tcccadmin/other`, { body: '{"ok":true}', type: 'application/json' });
    replies.set('https://elsewhere.example/list', { body: RECORDS, type: 'application/json' });
  });

  it('forwards same-origin JSON bodies that may hold records, and the page gets the same body', async () => {
    const win = fakeWindow();
    installTap(win);
    const seen = collect(win);
    const response = await win.fetch('/tcccadmin/list');
    expect(await response.text()).toBe(RECORDS);
    await settle();
    expect(seen).toEqual([{ url: `${ORIGIN}/tcccadmin/list`, body: RECORDS }]);
  });

  it('skips non-JSON, record-less and cross-origin responses', async () => {
    const win = fakeWindow();
    installTap(win);
    const seen = collect(win);
    await win.fetch('/tcccadmin/html');
    await win.fetch('/tcccadmin/other');
    await win.fetch('https://elsewhere.example/list');
    await settle();
    expect(seen).toEqual([]);
  });

  it('passes failures through unchanged', async () => {
    const win = fakeWindow();
    installTap(win);
    await expect(win.fetch('/missing')).rejects.toThrow('Failed to fetch');
  });

  it('still sees responses when the page wraps fetch again later', async () => {
    const win = fakeWindow();
    installTap(win);
    const seen = collect(win);
    const tapped = win.fetch;
    win.fetch = ((...args: Parameters<typeof fetch>) => tapped(...args)) as typeof fetch;
    await win.fetch('/tcccadmin/list');
    await settle();
    expect(seen).toHaveLength(1);
  });

  it('sees XMLHttpRequest responses, from subclasses too, in text and json modes', async () => {
    const win = fakeWindow();
    installTap(win);
    const seen = collect(win);
    class PageXhr extends (win.XMLHttpRequest as unknown as typeof FakeXhr) {}
    const a = new PageXhr();
    a.open('POST', '/tcccadmin/list');
    a.send();
    const b = new (win.XMLHttpRequest as unknown as typeof FakeXhr)();
    b.responseType = 'json';
    b.open('GET', '/tcccadmin/list');
    b.send();
    await settle();
    expect(seen.map((p) => JSON.parse(p.body))).toEqual([JSON.parse(RECORDS), JSON.parse(RECORDS)]);
    expect(a.responseText).toBe(RECORDS);
  });

  it('replays what it saw to a content script that starts late', async () => {
    const win = fakeWindow();
    installTap(win);
    await win.fetch('/tcccadmin/list');
    await settle();
    const seen = collect(win);
    win.document.dispatchEvent(new CustomEvent(TAP_HELLO));
    expect(seen).toHaveLength(1);
  });

  it('installs once', async () => {
    const win = fakeWindow();
    installTap(win);
    const once = win.fetch;
    installTap(win);
    expect(win.fetch).toBe(once);
  });
});
