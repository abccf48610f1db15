import { MAX_BODY_CHARS, MAX_REQUEST_CHARS, type PageRequest, type TapWindow } from './tap';
import type { TapSink } from './tap-sink';
import { disguisedAs, headerList, quietly } from './tap-wrap';

/** What the page passed to fetch, as plain data; a body that is not text cannot be repeated. */
function fetchRequest(win: TapWindow, input: unknown, init: RequestInit | undefined, url: string): PageRequest {
  const request = typeof win.Request === 'function' && input instanceof win.Request ? input : null;
  const body = typeof init?.body === 'string' && init.body.length <= MAX_REQUEST_CHARS ? init.body : null;
  return {
    method: (init?.method ?? request?.method ?? 'GET').toUpperCase(),
    url,
    body,
    headers: headerList(init?.headers ?? request?.headers),
  };
}

/**
 * Wraps the page's fetch: each response is read from a clone, so the page gets its own body
 * untouched. Answers how to put the page's fetch back, or null where there is none.
 */
export function tapFetch(win: TapWindow, sink: TapSink): (() => void) | null {
  const pageFetch = win.fetch;
  if (typeof pageFetch !== 'function') return null;

  const read = (response: Response, args: IArguments) => {
    if (!sink.wants(response.url, response.headers.get('content-type'))) return;
    if (Number(response.headers.get('content-length') ?? 0) > MAX_BODY_CHARS) return;
    response
      .clone()
      .text()
      .then((body) => sink.forward(response.url, body, () => fetchRequest(win, args[0], args[1] as RequestInit | undefined, response.url)))
      .catch(() => {});
  };

  // `arguments` as given, not a rest array: the page's fetch (or another wrapper) sees the
  // very call the page made, down to how many arguments it passed.
  const tapped = function (this: unknown) {
    const args = arguments;
    const pending: unknown = Reflect.apply(pageFetch, this, args);
    // Another wrapper's fetch that returns no promise is not ours to fix.
    quietly(() =>
      (pending as Promise<Response>).then(
        (response) => quietly(() => read(response, args)),
        () => {},
      ),
    );
    return pending;
  };
  const ours = disguisedAs(tapped, pageFetch);
  win.fetch = ours;
  // A wrapper another script put over ours stays, and ours passes through.
  return () => {
    if (win.fetch === ours) win.fetch = pageFetch;
  };
}
