/**
 * Runs in the page's main world from document_start: watches the workbench's own
 * fetch and XMLHttpRequest responses and forwards JSON bodies that may hold call
 * records to the content script. It never changes what the page receives: fetch
 * bodies are read from a clone, XHR bodies after the page's own handlers have them,
 * and every step is wrapped so a failure here stays here.
 */
export const TAP_EVENT = 'tccc-record-tools:json';
export const TAP_HELLO = 'tccc-record-tools:hello';

export const MAX_BODY_CHARS = 8 * 1024 * 1024;
const MAX_REPLAY = 20;
/** Bodies without a session id somewhere cannot hold call records: skip them unparsed. */
const MAYBE_RECORDS = /session_?id/i;

export interface TapPayload {
  url: string;
  body: string;
}

type TapWindow = Window & typeof globalThis;

function isJsonType(type: string | null): boolean {
  return !!type && /\bjson\b/i.test(type);
}

export function installTap(win: TapWindow): void {
  const marker = Symbol.for('tccc-record-tools.tap');
  const flags = win as unknown as Record<symbol, boolean>;
  if (flags[marker]) return;
  flags[marker] = true;

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
    if (replay.length > MAX_REPLAY) replay.shift();
    win.document.dispatchEvent(new CustomEvent(TAP_EVENT, { detail: JSON.stringify(payload) }));
  };

  const consider = (url: string, body: string) => {
    if (body.length > MAX_BODY_CHARS || !MAYBE_RECORDS.test(body)) return;
    emit({ url, body });
  };

  // The content script starts later than we do: it says hello and gets what it missed.
  win.document.addEventListener(TAP_HELLO, () => {
    for (const payload of replay) {
      win.document.dispatchEvent(new CustomEvent(TAP_EVENT, { detail: JSON.stringify(payload) }));
    }
  });

  const originalFetch = win.fetch;
  if (typeof originalFetch === 'function') {
    const tappedFetch = function (this: unknown, ...args: Parameters<typeof fetch>) {
      const pending = originalFetch.apply(this, args) as Promise<Response>;
      pending.then(
        (response) => {
          try {
            if (!sameOrigin(response.url) || !isJsonType(response.headers.get('content-type'))) return;
            const length = Number(response.headers.get('content-length') ?? 0);
            if (length > MAX_BODY_CHARS) return;
            response
              .clone()
              .text()
              .then((body) => consider(response.url, body))
              .catch(() => {});
          } catch {
            /* never let the tap disturb the page */
          }
        },
        () => {},
      );
      return pending;
    };
    Object.defineProperty(tappedFetch, 'name', { value: 'fetch' });
    win.fetch = tappedFetch as typeof fetch;
  }

  // Patching the prototype, not the constructor, keeps subclasses of XMLHttpRequest tapped.
  const proto = win.XMLHttpRequest?.prototype;
  if (proto) {
    const originalOpen = proto.open;
    const urls = new WeakMap<XMLHttpRequest, string>();
    proto.open = function (this: XMLHttpRequest, ...args: unknown[]) {
      try {
        urls.set(this, String(args[1]));
        this.addEventListener('load', () => setTimeout(onXhrLoad, 0, this));
      } catch {
        /* ignore */
      }
      return (originalOpen as (...a: unknown[]) => void).apply(this, args);
    } as typeof proto.open;

    // Deferred so the page's own handlers run first and see no delay.
    function onXhrLoad(xhr: XMLHttpRequest) {
      try {
        const url = xhr.responseURL || urls.get(xhr) || '';
        if (!sameOrigin(url) || !isJsonType(xhr.getResponseHeader('content-type'))) return;
        const type = xhr.responseType;
        if (type === '' || type === 'text') consider(url, xhr.responseText);
        else if (type === 'json' && xhr.response != null) consider(url, JSON.stringify(xhr.response));
      } catch {
        /* ignore */
      }
    }
  }
}
