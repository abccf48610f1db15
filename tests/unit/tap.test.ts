// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import {
  TAP_ANSWER,
  TAP_ASK,
  TAP_EVENT,
  TAP_HELLO,
  TAP_OFF,
  TAP_STATUS,
  mayBeRefusal,
  mayHoldRecords,
  type TapAnswer,
  type TapPayload,
} from '../../utils/page-requests/tap';
import { installTap } from '../../utils/page-requests/tap-install';

const ORIGIN = 'https://tccc.qcloud.com';
const RECORDS = JSON.stringify({ code: 0, data: { list: [{ SessionId: 's1', Caller: '138' }] } });

/** Behaves as the browser's does where the tap could tell: refuses calls out of order, and notes what each call got. */
class FakeXhr extends EventTarget {
  responseType = '';
  responseText = '';
  response: unknown = null;
  responseURL = '';
  headers: Record<string, string> = {};
  requestHeaders: [string, string][] = [];
  state: 'unsent' | 'opened' | 'sent' = 'unsent';
  /** How many arguments each call received. */
  arity: Record<string, number[]> = {};
  /** The last error thrown to the caller. */
  thrown: unknown = null;
  open(_method: string, url: string) {
    this.note('open', arguments.length);
    this.responseURL = new URL(url, ORIGIN).href;
    this.state = 'opened';
  }
  setRequestHeader(name: string, value: string) {
    this.note('setRequestHeader', arguments.length);
    if (this.state !== 'opened') this.refuse();
    this.requestHeaders.push([name, value]);
  }
  send(_body?: unknown) {
    this.note('send', arguments.length);
    if (this.state !== 'opened') this.refuse();
    this.state = 'sent';
    const reply = replies.get(this.responseURL)!;
    this.headers = { 'content-type': reply.type };
    this.responseText = reply.body;
    this.response = this.responseType === 'json' ? JSON.parse(reply.body) : reply.body;
    this.dispatchEvent(new Event('load'));
  }
  getResponseHeader(name: string) {
    return this.headers[name.toLowerCase()] ?? null;
  }
  private note(call: string, count: number) {
    this.arity[call] = [...(this.arity[call] ?? []), count];
  }
  private refuse(): never {
    this.thrown = new DOMException('The object’s state must be OPENED.', 'InvalidStateError');
    throw this.thrown;
  }
}

const replies = new Map<string, { body: string; type: string; status?: number }>();
/** What reached the network through the page's fetch, with its init. */
const sent: { url: string; init?: RequestInit }[] = [];

/** How many arguments, and which `this`, the page's fetch was called with. */
const fetchCalls: { arity: number; self: unknown }[] = [];

function fakeWindow() {
  const fetchImpl = async function (this: unknown, input: string, init?: RequestInit) {
    fetchCalls.push({ arity: arguments.length, self: this });
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
    fetchCalls.length = 0;
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
    expect(seen).toEqual([
      {
        url: `${ORIGIN}/tcccadmin/list`,
        body: RECORDS,
        request: { method: 'GET', url: `${ORIGIN}/tcccadmin/list`, body: null, headers: [] },
      },
    ]);
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

  it('forwards answers holding a recording link in any form the page tools read one', async () => {
    const answers = [
      ...['ogg', 'aac', 'amr', 'opus', 'm4a', 'wav', 'mp3'].map((ext) => ({ data: { file: `/tcccadmin/rec/a.${ext.toUpperCase()}` } })),
      ...['recordingUrl', 'recording_url', 'RecordURL', 'CustomRecordURL', 'audioUrl', 'play_url', 'DownloadUrl'].map((key) => ({
        data: { [key]: '/tcccadmin/x' },
      })),
      { record: { fileUrl: 'https://rec-1250000000.cos.ap-guangzhou.myqcloud.com/2026/a?sign=1' } },
      { data: { url: 'https://rec-1250000000.cos.ap-shanghai.tencentcos.cn/k' } },
    ];
    answers.forEach((answer, i) => {
      replies.set(`${ORIGIN}/api/link/${i}`, { body: JSON.stringify(answer), type: 'application/json' });
    });
    const win = fakeWindow();
    installTap(win);
    const seen = collect(win);
    for (let i = 0; i < answers.length; i++) await win.fetch(`/api/link/${i}`);
    await settle();
    expect(seen.map((p) => JSON.parse(p.body))).toEqual(answers);
  });

  it('tells by the text alone which bodies may hold records or links, and skips the rest', () => {
    expect(mayHoldRecords('{"list":[{"session-id":"s1"}]}')).toBe(true);
    expect(mayHoldRecords('{"Record_URL":"x"}')).toBe(true);
    expect(mayHoldRecords('{"page":"https://tccc.qcloud.com/help","recordId":"r1","mp3":true}')).toBe(false);
  });

  it('also passes on a short refusal, such as a list refused for its time range, but no success answer', () => {
    expect(mayBeRefusal('{"code":"InvalidParameterValue","msg":"查询时间跨度不能超过90天"}')).toBe(true);
    expect(mayBeRefusal('{"Response":{"Error":{"Code":"InvalidParameterValue","Message":"x"},"RequestId":"r"}}')).toBe(true);
    expect(mayBeRefusal('{"ret": 1001, "msg": "x"}')).toBe(true);
    expect(mayBeRefusal('{"code":0,"data":{}}')).toBe(false);
    expect(mayBeRefusal('{"code":"ok"}')).toBe(false);
    expect(mayBeRefusal('{"ok":true}')).toBe(false);
    expect(mayBeRefusal(`{"code":1,"msg":"${'x'.repeat(5000)}"}`)).toBe(false);
  });

  it('records a request header only once the browser took it, and lets a refusal reach the page unchanged', async () => {
    const win = fakeWindow();
    installTap(win);
    const seen = collect(win);
    const xhr = new (win.XMLHttpRequest as unknown as typeof FakeXhr)();
    xhr.open('POST', '/tcccadmin/list');
    xhr.setRequestHeader('X-Csrf-Code', 'abc');
    xhr.send('{}');
    let caught: unknown = null;
    try {
      xhr.setRequestHeader('X-Late', '1');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBe(xhr.thrown);
    expect(caught).toMatchObject({ name: 'InvalidStateError' });
    await settle();
    expect(seen.map((p) => p.request?.headers)).toEqual([[['X-Csrf-Code', 'abc']]]);
  });

  it('calls the page’s fetch and XMLHttpRequest with exactly the arguments and `this` the page gave', async () => {
    const win = fakeWindow();
    installTap(win);
    const xhr = new (win.XMLHttpRequest as unknown as typeof FakeXhr)();
    xhr.open('GET', '/tcccadmin/list');
    (xhr.setRequestHeader as (...a: unknown[]) => void)('X-Name-Only');
    xhr.send();
    const again = new (win.XMLHttpRequest as unknown as typeof FakeXhr)();
    (again.open as (...a: unknown[]) => void)('GET', '/tcccadmin/list', true, undefined, undefined);
    again.send(null);
    expect(xhr.arity).toEqual({ open: [2], setRequestHeader: [1], send: [0] });
    expect(again.arity).toEqual({ open: [5], send: [1] });
    await win.fetch('/tcccadmin/list');
    const page = { fetch: win.fetch };
    await page.fetch('/tcccadmin/list', undefined);
    expect(fetchCalls).toEqual([
      { arity: 1, self: win },
      { arity: 2, self: page },
    ]);
  });

  it('looks like what it wraps, by name and arity', () => {
    const win = fakeWindow();
    const open = win.XMLHttpRequest.prototype.open;
    installTap(win);
    expect([win.fetch.name, win.fetch.length]).toEqual(['fetchImpl', 2]);
    const tapped = win.XMLHttpRequest.prototype.open;
    expect(tapped).not.toBe(open);
    expect([tapped.name, tapped.length]).toEqual([open.name, open.length]);
  });

  it('keeps the page working when its own bookkeeping fails', () => {
    const win = fakeWindow();
    const notAPromise = { pending: true };
    (win as unknown as { fetch: unknown }).fetch = () => notAPromise;
    installTap(win);
    expect(win.fetch('/tcccadmin/list')).toBe(notAPromise);
    class DeafXhr extends (win.XMLHttpRequest as unknown as typeof FakeXhr) {
      override addEventListener(): void {
        throw new Error('no listeners here');
      }
    }
    const xhr = new DeafXhr();
    xhr.open('GET', '/tcccadmin/list');
    xhr.setRequestHeader('X-Csrf-Code', 'abc');
    xhr.send();
    expect(xhr.responseText).toBe(RECORDS);
  });

  it('forwards each answer of a request the page opens again once', async () => {
    const win = fakeWindow();
    installTap(win);
    const seen = collect(win);
    const xhr = new (win.XMLHttpRequest as unknown as typeof FakeXhr)();
    xhr.open('GET', '/tcccadmin/list');
    xhr.send();
    xhr.open('POST', '/tcccadmin/list');
    xhr.send('{"PageNumber":1}');
    await settle();
    expect(seen.map((p) => p.request?.body)).toEqual([null, '{"PageNumber":1}']);
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
      const answer = await ask(win, {
        ticket: 't1',
        method: 'GET',
        url: `${ORIGIN}/api/link?id=s2`,
        body: null,
        headers: [['X-Csrf-Code', 'abc']],
      });
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
      expect(await ask(win, { ticket: 'a', method: 'GET', url: 'https://elsewhere.example/list', body: null, headers: [] })).toEqual({
        ticket: 'a',
        status: 0,
        body: '',
      });
      expect(await ask(win, { ticket: 'b', method: 'DELETE', url: '/tcccadmin/list', body: null, headers: [] })).toEqual({
        ticket: 'b',
        status: 0,
        body: '',
      });
      expect(sent).toEqual([]);
      expect(await ask(win, { ticket: 'c', method: 'GET', url: '/missing', body: null, headers: [] })).toEqual({
        ticket: 'c',
        status: 0,
        body: '',
      });
    });

    it('sends nothing for an ask out of shape or size: any page script can dispatch one', async () => {
      const win = fakeWindow();
      installTap(win);
      const url = `${ORIGIN}/api/link?id=s2`;
      for (const bad of [
        { ticket: 'd', method: 'GET', url: `${url}&${'x'.repeat(70_000)}`, body: null, headers: [] },
        { ticket: 'e', method: 'POST', url, body: 'b'.repeat(70_000), headers: [] },
        { ticket: 'f', method: 'POST', url, body: { SessionId: 's2' }, headers: [] },
        { ticket: 'g', method: 'GET', url, body: null, headers: Array.from({ length: 65 }, () => ['a', 'b']) },
        { ticket: 'h', method: 'GET', url, body: null, headers: 'X-A: b' },
        { ticket: 'i', method: 'GET', url: ['/api/link'], body: null, headers: [] },
      ]) {
        expect(await ask(win, bad), bad.ticket).toEqual({ ticket: bad.ticket, status: 0, body: '' });
      }
      expect(sent).toEqual([]);
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

describe('the tap from the first page load, and with the page features off', () => {
  beforeEach(() => {
    replies.clear();
    replies.set(`${ORIGIN}/tcccadmin/list`, { body: RECORDS, type: 'application/json' });
  });

  const statusAfterHello = (win: Window) => {
    const statuses: unknown[] = [];
    win.document.addEventListener(TAP_STATUS, (e) => statuses.push(JSON.parse((e as CustomEvent<string>).detail)));
    win.document.dispatchEvent(new CustomEvent(TAP_HELLO));
    return statuses;
  };

  it('tells a script saying hello whether it has watched the page since the document started loading', () => {
    const early = fakeWindow();
    Object.defineProperty(early.document, 'readyState', { value: 'loading', configurable: true });
    installTap(early);
    expect(statusAfterHello(early)).toEqual([{ early: true }]);

    // Put into a tab already open, at an install or update: the page's first responses went by.
    const late = fakeWindow();
    Object.defineProperty(late.document, 'readyState', { value: 'complete', configurable: true });
    installTap(late);
    expect(statusAfterHello(late)).toEqual([{ early: false }]);
  });

  it('steps aside when told the page features are off: the page’s own fetch and XMLHttpRequest again, nothing forwarded or kept', async () => {
    const win = fakeWindow();
    const pageFetch = win.fetch;
    const proto = FakeXhr.prototype;
    const before = { open: proto.open, send: proto.send, setRequestHeader: proto.setRequestHeader };
    installTap(win);
    expect(win.fetch).not.toBe(pageFetch);
    await win.fetch('/tcccadmin/list');
    await settle();

    win.document.dispatchEvent(new CustomEvent(TAP_OFF));
    expect(win.fetch).toBe(pageFetch);
    expect({ open: proto.open, send: proto.send, setRequestHeader: proto.setRequestHeader }).toEqual(before);
    const seen = collect(win);
    expect(statusAfterHello(win)).toEqual([]);
    await win.fetch('/tcccadmin/list');
    await settle();
    expect(seen).toEqual([]);
  });

  it('keeps a wrapper another script put over its own, and passes calls through it unseen', async () => {
    const win = fakeWindow();
    installTap(win);
    const tapped = win.fetch;
    const other = function (this: unknown) {
      return Reflect.apply(tapped, this, arguments) as Promise<Response>;
    };
    win.fetch = other as typeof fetch;
    win.document.dispatchEvent(new CustomEvent(TAP_OFF));
    expect(win.fetch).toBe(other);
    const seen = collect(win);
    expect(await (await win.fetch('/tcccadmin/list')).text()).toBe(RECORDS);
    await settle();
    expect(seen).toEqual([]);
  });

  it('keeps at most 16 MB of responses for a late script, the newest whole', async () => {
    const win = fakeWindow();
    installTap(win);
    const big = (n: number) => JSON.stringify({ SessionId: `s${n}`, pad: 'x'.repeat(7 * 1024 * 1024) });
    for (const n of [1, 2, 3]) {
      replies.set(`${ORIGIN}/tcccadmin/big${n}`, { body: big(n), type: 'application/json' });
      await win.fetch(`/tcccadmin/big${n}`);
    }
    await settle();
    const seen = collect(win);
    win.document.dispatchEvent(new CustomEvent(TAP_HELLO));
    expect(seen.map((p) => JSON.parse(p.body).SessionId)).toEqual(['s2', 's3']);
  });
});
