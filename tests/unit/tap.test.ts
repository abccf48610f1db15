// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { TAP_ANSWER, TAP_ASK, TAP_EVENT, TAP_HELLO, installTap, type TapAnswer, type TapPayload } from '../../utils/tap';

const ORIGIN = 'https://tccc.qcloud.com';
const RECORDS = JSON.stringify({ code: 0, data: { list: [{ SessionId: 's1', Caller: '138' }] } });

class FakeXhr extends EventTarget {
  responseType = '';
  responseText = '';
  response: unknown = null;
  responseURL = '';
  headers: Record<string, string> = {};
  requestHeaders: [string, string][] = [];
  open(_method: string, url: string) {
    this.responseURL = new URL(url, ORIGIN).href;
  }
  setRequestHeader(name: string, value: string) {
    this.requestHeaders.push([name, value]);
  }
  send(_body?: unknown) {
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

const replies = new Map<string, { body: string; type: string; status?: number }>();
/** What reached the network through the page's fetch, with its init. */
const sent: { url: string; init?: RequestInit }[] = [];

function fakeWindow() {
  const fetchImpl = async (input: string, init?: RequestInit) => {
    const url = new URL(input, ORIGIN).href;
    sent.push({ url, init });
    const reply = replies.get(url);
    if (!reply) throw new TypeError('Failed to fetch');
    const response = new Response(reply.body, { status: reply.status ?? 200, headers: { 'content-type': reply.type } });
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
    sent.length = 0;
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
    expect(seen).toEqual([{ url: `${ORIGIN}/tcccadmin/list`, body: RECORDS, request: { method: 'GET', url: `${ORIGIN}/tcccadmin/list`, body: null, headers: [] } }]);
  });

  it('tells how the page asked: method, text body and headers, from fetch and from XMLHttpRequest', async () => {
    const win = fakeWindow();
    installTap(win);
    const seen = collect(win);
    await win.fetch('/tcccadmin/list', { method: 'post', body: '{"PageNumber":0}', headers: { 'X-Csrf-Code': 'abc' } });
    const xhr = new (win.XMLHttpRequest as unknown as typeof FakeXhr)();
    xhr.open('POST', '/tcccadmin/list');
    xhr.setRequestHeader('Content-Type', 'application/json');
    xhr.send('{"offset":10}');
    await settle();
    expect(seen.map((p) => p.request)).toEqual([
      { method: 'POST', url: `${ORIGIN}/tcccadmin/list`, body: '{"PageNumber":0}', headers: [['X-Csrf-Code', 'abc']] },
      { method: 'POST', url: `${ORIGIN}/tcccadmin/list`, body: '{"offset":10}', headers: [['Content-Type', 'application/json']] },
    ]);
    // The page's own call went through with its own headers.
    expect(xhr.requestHeaders).toEqual([['Content-Type', 'application/json']]);
  });

  it('forwards a link answer that names no session, for the tools to pair with the request', async () => {
    replies.set(`${ORIGIN}/api/link?id=abc`, { body: '{"url":"https://x.cos.ap-guangzhou.myqcloud.com/a.mp3"}', type: 'application/json' });
    const win = fakeWindow();
    installTap(win);
    const seen = collect(win);
    await win.fetch('/api/link?id=abc');
    await settle();
    expect(seen).toHaveLength(1);
  });

  describe('repeating a request for the page tools', () => {
    function ask(win: Window, detail: object): Promise<TapAnswer> {
      return new Promise((resolve) => {
        win.document.addEventListener(TAP_ANSWER, (e) => resolve(JSON.parse((e as CustomEvent<string>).detail)), { once: true });
        win.document.dispatchEvent(new CustomEvent(TAP_ASK, { detail: JSON.stringify(detail) }));
      });
    }

    it('makes it with the page’s fetch, its credentials and headers, and answers with status and body', async () => {
      replies.set(`${ORIGIN}/api/link?id=s2`, { body: '{"RecordURL":"u"}', type: 'application/json' });
      const win = fakeWindow();
      installTap(win);
      const answer = await ask(win, { ticket: 't1', method: 'GET', url: `${ORIGIN}/api/link?id=s2`, body: null, headers: [['X-Csrf-Code', 'abc']] });
      expect(answer).toEqual({ ticket: 't1', status: 200, body: '{"RecordURL":"u"}' });
      expect(sent[0]!.init).toMatchObject({ method: 'GET', credentials: 'include', headers: [['X-Csrf-Code', 'abc']] });
      expect(sent[0]!.init).not.toHaveProperty('body');
    });

    it('sends a POST body, and passes on error statuses', async () => {
      replies.set(`${ORIGIN}/api/link`, { body: '{"msg":"no"}', type: 'application/json', status: 404 });
      const win = fakeWindow();
      installTap(win);
      const answer = await ask(win, { ticket: 't2', method: 'post', url: '/api/link', body: '{"SessionId":"s2"}', headers: [] });
      expect(answer).toEqual({ ticket: 't2', status: 404, body: '{"msg":"no"}' });
      expect(sent[0]!.init).toMatchObject({ method: 'POST', body: '{"SessionId":"s2"}' });
    });

    it('refuses other origins and methods, and answers 0 when the request fails', async () => {
      const win = fakeWindow();
      installTap(win);
      expect(await ask(win, { ticket: 'a', method: 'GET', url: 'https://elsewhere.example/list', body: null, headers: [] })).toEqual({ ticket: 'a', status: 0, body: '' });
      expect(await ask(win, { ticket: 'b', method: 'DELETE', url: '/tcccadmin/list', body: null, headers: [] })).toEqual({ ticket: 'b', status: 0, body: '' });
      expect(sent).toEqual([]);
      expect(await ask(win, { ticket: 'c', method: 'GET', url: '/missing', body: null, headers: [] })).toEqual({ ticket: 'c', status: 0, body: '' });
    });
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
