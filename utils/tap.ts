/**
 * Runs in the page's main world from document_start: watches the workbench's own
 * fetch and XMLHttpRequest responses and forwards JSON bodies that may hold call
 * records to the content script. It never changes what the page receives: fetch
 * bodies are read from a clone, XHR bodies after the page's own handlers have them,
 * and every step is wrapped so a failure here stays here.
 */
import { COS_HOST_SUFFIXES } from './origins';
import { AUDIO_EXTENSIONS, LINK_KEYS } from './recording-link';

export const TAP_EVENT = 'tccc-record-tools:json';
export const TAP_HELLO = 'tccc-record-tools:hello';
/** Answers each hello, after the replay: whether the tap has been there since the document started. */
export const TAP_STATUS = 'tccc-record-tools:status';
/** The page features are switched off: the tap steps aside and forwards nothing. */
export const TAP_OFF = 'tccc-record-tools:off';
/** The page tools ask the tap to repeat a request the page made, for another call. */
export const TAP_ASK = 'tccc-record-tools:ask';
export const TAP_ANSWER = 'tccc-record-tools:answer';

export const MAX_BODY_CHARS = 8 * 1024 * 1024;
const MAX_REPLAY = 20;
/** The replay holds the page's list responses for a script that starts late; never more than this in all. */
const MAX_REPLAY_CHARS = 16 * 1024 * 1024;
export const MAX_REQUEST_CHARS = 64 * 1024;
const MAX_ASK_HEADERS = 64;

/** A loose key as JSON text may spell it: any case, with `_` or `-` anywhere. */
const loosely = (key: string) => key.split('').join('[_-]*');

/**
 * Bodies that name no session id, no link key, no audio file and no COS host hold nothing
 * for the page tools: skipped unparsed. The lists are recording-link.ts's, so the tap never
 * drops a body the link learner could use. Text only, so it may let through more than the
 * tools use, never less.
 */
let maybeRecords: RegExp | undefined;

export function mayHoldRecords(body: string): boolean {
  // Built on first use, so the sentinel, which imports this file's names alone, does not carry it.
  maybeRecords ??= new RegExp(
    [
      ...['sessionid', ...LINK_KEYS].map(loosely),
      `\\.(${AUDIO_EXTENSIONS.join('|')})\\b`,
      ...COS_HOST_SUFFIXES.map((suffix) => suffix.slice(1).replaceAll('.', '\\.')),
    ].join('|'),
    'i',
  );
  return maybeRecords.test(body);
}

/** A refusal is a few words: an error envelope longer than this is something else. */
const MAX_REFUSAL_CHARS = 4096;
/** An error code other than success (`"code": "InvalidParameterValue"`, `"ret": 1`), or an `error` / Tencent Cloud's `Error` object. */
const REFUSAL = /"(?:code|errcode|errorcode|errno|ret|retcode)"\s*:\s*(?!0\s*[,}]|"0"|200\s*[,}]|"(?:ok|success)")["\w-]|"error"\s*:\s*[{"]/i;

/**
 * A short answer refusing a request, such as the page's own list refused for a time range
 * over 90 days: the page tools then say so instead of collecting the older query still on screen.
 */
export function mayBeRefusal(body: string): boolean {
  return body.length <= MAX_REFUSAL_CHARS && REFUSAL.test(body);
}

/** A request as the page made it, so one that fetched a recording link can be made again for another call. */
export interface PageRequest {
  method: string;
  url: string;
  body: string | null;
  headers: [string, string][];
}

export interface TapPayload {
  url: string;
  body: string;
  request?: PageRequest;
}

/** A request to repeat: `ticket` pairs the answer with it. */
export interface TapAsk extends PageRequest {
  ticket: string;
}

/** `status` 0: the request did not reach the server. `body` is empty when it was too large or unreadable. */
export interface TapStatus {
  /**
   * False when the tap was put into a page already loaded (the extension was installed or
   * updated while the tab was open): the page's first responses went by unseen.
   */
  early: boolean;
}

export interface TapAnswer {
  ticket: string;
  status: number;
  body: string;
}

type TapWindow = Window & typeof globalThis;

function isJsonType(type: string | null): boolean {
  return !!type && /\bjson\b/i.test(type);
}

function headerList(headers: unknown): [string, string][] {
  try {
    if (!headers) return [];
    const entries: Iterable<[string, string]> =
      typeof (headers as Headers).forEach === 'function' && !Array.isArray(headers)
        ? [...(headers as Headers).entries()]
        : Array.isArray(headers)
          ? (headers as [string, string][])
          : Object.entries(headers as Record<string, string>);
    return [...entries].filter((h) => Array.isArray(h) && h.length === 2).map(([k, v]) => [String(k), String(v)]);
  } catch {
    return [];
  }
}

/** What the page passed to fetch, as plain data; a body that is not text cannot be repeated. */
function fetchRequest(win: TapWindow, input: unknown, init: RequestInit | undefined, url: string): PageRequest {
  const request = typeof win.Request === 'function' && input instanceof win.Request ? input : null;
  const body = typeof init?.body === 'string' && init.body.length <= MAX_REQUEST_CHARS ? init.body : null;
  return { method: (init?.method ?? request?.method ?? 'GET').toUpperCase(), url, body, headers: headerList(init?.headers ?? request?.headers) };
}

/** A wrapper that reports the original's name and arity, which pages and their libraries may check. */
function lookAlike<T extends object>(wrapper: object, original: T): T {
  try {
    for (const key of ['name', 'length']) Object.defineProperty(wrapper, key, { value: Reflect.get(original, key), configurable: true });
  } catch {
    /* the wrapper works without */
  }
  return wrapper as T;
}

export function installTap(win: TapWindow): void {
  const marker = Symbol.for('tccc-record-tools.tap');
  const flags = win as unknown as Record<symbol, boolean>;
  if (flags[marker]) return;
  flags[marker] = true;

  // A tap in the manifest runs while the document is still loading; one injected into an open tab does not.
  const status: TapStatus = { early: win.document.readyState === 'loading' };
  let inert = false;
  const replay: TapPayload[] = [];
  const sameOrigin = (url: string) => {
    try {
      return new URL(url, win.location.href).origin === win.location.origin;
    } catch {
      return false;
    }
  };

  const emit = (payload: TapPayload) => {
    replay.push(payload);
    let chars = replay.reduce((sum, p) => sum + p.body.length, 0);
    while (replay.length > MAX_REPLAY || (replay.length > 1 && chars > MAX_REPLAY_CHARS)) chars -= replay.shift()!.body.length;
    win.document.dispatchEvent(new CustomEvent(TAP_EVENT, { detail: JSON.stringify(payload) }));
  };

  const consider = (url: string, body: string, request: () => PageRequest) => {
    if (inert || body.length > MAX_BODY_CHARS || !(mayHoldRecords(body) || mayBeRefusal(body))) return;
    emit({ url, body, request: request() });
  };

  // The content script starts later than we do: it says hello and gets what it missed.
  win.document.addEventListener(TAP_HELLO, () => {
    if (inert) return;
    for (const payload of replay) {
      win.document.dispatchEvent(new CustomEvent(TAP_EVENT, { detail: JSON.stringify(payload) }));
    }
    win.document.dispatchEvent(new CustomEvent(TAP_STATUS, { detail: JSON.stringify(status) }));
  });
  // Put back what is still ours; a wrapper another script put over ours stays, and ours passes through.
  const restore: (() => void)[] = [];
  win.document.addEventListener(TAP_OFF, () => {
    inert = true;
    replay.length = 0;
    for (const undo of restore.splice(0)) undo();
  });

  const originalFetch = win.fetch;
  if (typeof originalFetch === 'function') {
    // `arguments` as given, not a rest array: the page's fetch (or another wrapper) sees the
    // very call the page made, down to how many arguments it passed.
    const tappedFetch = function (this: unknown) {
      const args = arguments;
      const pending: unknown = Reflect.apply(originalFetch, this, args);
      try {
        (pending as Promise<Response>).then(
          (response) => {
            try {
              if (!sameOrigin(response.url) || !isJsonType(response.headers.get('content-type'))) return;
              const length = Number(response.headers.get('content-length') ?? 0);
              if (length > MAX_BODY_CHARS) return;
              response
                .clone()
                .text()
                .then((body) => consider(response.url, body, () => fetchRequest(win, args[0], args[1] as RequestInit | undefined, response.url)))
                .catch(() => {});
            } catch {
              /* never let the tap disturb the page */
            }
          },
          () => {},
        );
      } catch {
        /* another wrapper's fetch that returns no promise is not ours to fix */
      }
      return pending;
    };
    const ours = lookAlike(tappedFetch, originalFetch);
    win.fetch = ours;
    restore.push(() => win.fetch === ours && (win.fetch = originalFetch));
  }

  // Patching the prototype, not the constructor, keeps subclasses of XMLHttpRequest tapped.
  // Each wrapper calls the original first and records only what it accepted: a call the
  // browser refuses throws to the page as it would untapped, and leaves no trace here.
  const proto = win.XMLHttpRequest?.prototype;
  if (proto) {
    const originalOpen = proto.open;
    const originalSend = proto.send;
    const originalSetHeader = proto.setRequestHeader;
    const requests = new WeakMap<XMLHttpRequest, PageRequest>();
    if (typeof originalOpen === 'function') {
      proto.open = lookAlike(function (this: XMLHttpRequest) {
        const result: unknown = Reflect.apply(originalOpen, this, arguments);
        try {
          // A reused request is listened to once, or each of its answers would be forwarded twice.
          if (!requests.has(this)) this.addEventListener('load', () => setTimeout(onXhrLoad, 0, this, requests.get(this)));
          requests.set(this, { method: String(arguments[0]).toUpperCase(), url: String(arguments[1]), body: null, headers: [] });
        } catch {
          /* ignore */
        }
        return result;
      }, originalOpen);
    }
    if (typeof originalSetHeader === 'function') {
      proto.setRequestHeader = lookAlike(function (this: XMLHttpRequest) {
        const request = requests.get(this);
        const result: unknown = Reflect.apply(originalSetHeader, this, arguments);
        try {
          request?.headers.push([String(arguments[0]), String(arguments[1])]);
        } catch {
          /* ignore */
        }
        return result;
      }, originalSetHeader);
    }
    if (typeof originalSend === 'function') {
      proto.send = lookAlike(function (this: XMLHttpRequest) {
        // Taken before: a synchronous request's load handler may open it again inside send.
        const request = requests.get(this);
        const result: unknown = Reflect.apply(originalSend, this, arguments);
        try {
          const body: unknown = arguments[0];
          if (request && typeof body === 'string' && body.length <= MAX_REQUEST_CHARS) request.body = body;
        } catch {
          /* ignore */
        }
        return result;
      }, originalSend);
    }
    const wrapped = { open: proto.open, send: proto.send, setRequestHeader: proto.setRequestHeader };
    const originals = { open: originalOpen, send: originalSend, setRequestHeader: originalSetHeader };
    restore.push(() => {
      for (const key of ['open', 'send', 'setRequestHeader'] as const) {
        if (proto[key] === wrapped[key]) Reflect.set(proto, key, originals[key]);
      }
    });

    // Deferred so the page's own handlers run first and see no delay; `asked` is taken at
    // load, as a handler may open the request again meanwhile.
    function onXhrLoad(xhr: XMLHttpRequest, asked: PageRequest | undefined) {
      try {
        const url = xhr.responseURL || asked?.url || '';
        if (!sameOrigin(url) || !isJsonType(xhr.getResponseHeader('content-type'))) return;
        const request = () => ({ method: 'GET', body: null, headers: [], ...asked, url });
        const type = xhr.responseType;
        if (type === '' || type === 'text') consider(url, xhr.responseText, request);
        else if (type === 'json' && xhr.response != null) consider(url, JSON.stringify(xhr.response), request);
      } catch {
        /* ignore */
      }
    }
  }

  // Repeats a request the page made (learned from its own link request) for another call, with
  // the page's own fetch and credentials. Only same-origin GET and POST: whoever dispatches
  // the event (the page can too) gets no more than the page's own endpoints give it, and a
  // link in the answer is used only if it points at the workbench or Tencent COS.
  win.document.addEventListener(TAP_ASK, (event) => {
    if (inert) return;
    let ticket = '';
    const answer = (status: number, body: string) =>
      win.document.dispatchEvent(new CustomEvent(TAP_ANSWER, { detail: JSON.stringify({ ticket, status, body } satisfies TapAnswer) }));
    try {
      // Checked in shape and size before anything is sent: any script can dispatch this.
      const detail: unknown = (event as CustomEvent<unknown>).detail;
      if (typeof detail !== 'string' || detail.length > 4 * MAX_REQUEST_CHARS) return;
      const ask = JSON.parse(detail) as TapAsk;
      ticket = String(ask.ticket).slice(0, 64);
      const method = String(ask.method).toUpperCase();
      const body: unknown = ask.body;
      if (
        typeof ask.url !== 'string' ||
        ask.url.length > MAX_REQUEST_CHARS ||
        !sameOrigin(ask.url) ||
        (method !== 'GET' && method !== 'POST') ||
        (body !== null && (typeof body !== 'string' || body.length > MAX_REQUEST_CHARS)) ||
        !Array.isArray(ask.headers) ||
        ask.headers.length > MAX_ASK_HEADERS ||
        typeof originalFetch !== 'function'
      )
        return answer(0, '');
      const init: RequestInit = { method, headers: headerList(ask.headers), credentials: 'include' };
      if (method === 'POST' && body !== null) init.body = body;
      originalFetch
        .call(win, new URL(ask.url, win.location.href).href, init)
        .then((response) => response.text().then((body) => answer(response.status, body.length > MAX_BODY_CHARS ? '' : body)))
        .catch(() => answer(0, ''));
    } catch {
      answer(0, '');
    }
  });
}
