import { MAX_BODY_CHARS, MAX_REQUEST_CHARS, TAP_ANSWER, TAP_ASK, type TapAnswer, type TapAsk, type TapWindow } from './tap';
import type { TapSink } from './tap-sink';
import { headerList } from './tap-wrap';

const MAX_ASK_HEADERS = 64;

/** Checked in shape and size before anything is sent: any script can dispatch an ask. */
function isAskable(ask: TapAsk, method: string, sink: TapSink): boolean {
  const body: unknown = ask.body;
  return (
    typeof ask.url === 'string' &&
    ask.url.length <= MAX_REQUEST_CHARS &&
    sink.isPageOrigin(ask.url) &&
    (method === 'GET' || method === 'POST') &&
    (body === null || (typeof body === 'string' && body.length <= MAX_REQUEST_CHARS)) &&
    Array.isArray(ask.headers) &&
    ask.headers.length <= MAX_ASK_HEADERS
  );
}

/**
 * Repeats a request the page made (learned from its own link request) for another call, with
 * the page's own fetch and credentials. Only same-origin GET and POST: whoever dispatches
 * the ask (the page can too) gets no more than the page's own endpoints give it, and a
 * link in the answer is used only if it points at the workbench or Tencent COS.
 */
export function answerAsks(win: TapWindow, pageFetch: typeof fetch | undefined, sink: TapSink): void {
  win.document.addEventListener(TAP_ASK, (event) => {
    if (sink.off) return;
    let ticket = '';
    const answer = (status: number, body: string) =>
      win.document.dispatchEvent(new CustomEvent(TAP_ANSWER, { detail: JSON.stringify({ ticket, status, body } satisfies TapAnswer) }));
    try {
      const detail: unknown = (event as CustomEvent<unknown>).detail;
      if (typeof detail !== 'string' || detail.length > 4 * MAX_REQUEST_CHARS) return;
      const ask = JSON.parse(detail) as TapAsk;
      ticket = String(ask.ticket).slice(0, 64);
      const method = String(ask.method).toUpperCase();
      if (!isAskable(ask, method, sink) || typeof pageFetch !== 'function') return answer(0, '');
      const init: RequestInit = { method, headers: headerList(ask.headers), credentials: 'include' };
      if (method === 'POST' && ask.body !== null) init.body = ask.body;
      pageFetch
        .call(win, new URL(ask.url, win.location.href).href, init)
        .then((response) => response.text().then((body) => answer(response.status, body.length > MAX_BODY_CHARS ? '' : body)))
        .catch(() => answer(0, ''));
    } catch {
      answer(0, '');
    }
  });
}
