import { MAX_REQUEST_CHARS, type PageRequest, type TapWindow } from './tap';
import type { TapSink } from './tap-sink';
import { disguisedAs, quietly } from './tap-wrap';

const WRAPPED = ['open', 'send', 'setRequestHeader'] as const;

/**
 * Wraps XMLHttpRequest's prototype, not its constructor, so subclasses stay tapped. Each
 * wrapper calls the original first and records only what it accepted: a call the browser
 * refuses throws to the page as it would untapped, and leaves no trace here. Answers how to
 * put the originals back, or null where there is no XMLHttpRequest.
 */
export function tapXhr(win: TapWindow, sink: TapSink): (() => void) | null {
  const proto = win.XMLHttpRequest?.prototype;
  if (!proto) return null;
  const originals = { open: proto.open, send: proto.send, setRequestHeader: proto.setRequestHeader };
  const requests = new WeakMap<XMLHttpRequest, PageRequest>();

  // Deferred so the page's own handlers run first and see no delay; `asked` is taken at
  // load, as a handler may open the request again meanwhile.
  const onLoad = (xhr: XMLHttpRequest, asked: PageRequest | undefined) =>
    quietly(() => {
      const url = xhr.responseURL || asked?.url || '';
      if (!sink.wants(url, xhr.getResponseHeader('content-type'))) return;
      const request = () => ({ method: 'GET', body: null, headers: [], ...asked, url });
      const type = xhr.responseType;
      if (type === '' || type === 'text') sink.forward(url, xhr.responseText, request);
      else if (type === 'json' && xhr.response != null) sink.forward(url, JSON.stringify(xhr.response), request);
    });

  const { open, send, setRequestHeader } = originals;
  if (typeof open === 'function') {
    proto.open = disguisedAs(function (this: XMLHttpRequest) {
      const result: unknown = Reflect.apply(open, this, arguments);
      const args = arguments;
      quietly(() => {
        // A reused request is listened to once, or each of its answers would be forwarded twice.
        if (!requests.has(this)) this.addEventListener('load', () => setTimeout(onLoad, 0, this, requests.get(this)));
        requests.set(this, { method: String(args[0]).toUpperCase(), url: String(args[1]), body: null, headers: [] });
      });
      return result;
    }, open);
  }
  if (typeof setRequestHeader === 'function') {
    proto.setRequestHeader = disguisedAs(function (this: XMLHttpRequest) {
      const request = requests.get(this);
      const result: unknown = Reflect.apply(setRequestHeader, this, arguments);
      const args = arguments;
      quietly(() => request?.headers.push([String(args[0]), String(args[1])]));
      return result;
    }, setRequestHeader);
  }
  if (typeof send === 'function') {
    proto.send = disguisedAs(function (this: XMLHttpRequest) {
      // Taken before: a synchronous request's load handler may open it again inside send.
      const request = requests.get(this);
      const result: unknown = Reflect.apply(send, this, arguments);
      const body: unknown = arguments[0];
      if (request && typeof body === 'string' && body.length <= MAX_REQUEST_CHARS) request.body = body;
      return result;
    }, send);
  }

  const wrapped = { open: proto.open, send: proto.send, setRequestHeader: proto.setRequestHeader };
  // A wrapper another script put over ours stays, and ours passes through.
  return () => {
    for (const key of WRAPPED) if (proto[key] === wrapped[key]) Reflect.set(proto, key, originals[key]);
  };
}
