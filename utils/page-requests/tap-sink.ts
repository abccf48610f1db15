import {
  MAX_BODY_CHARS,
  mayBeRefusal,
  mayHoldRecords,
  TAP_EVENT,
  TAP_HELLO,
  TAP_STATUS,
  type PageRequest,
  type TapPayload,
  type TapStatus,
  type TapWindow,
} from './tap';

const MAX_REPLAY = 20;
/** The replay holds the page's list responses for a script that starts late; never more than this in all. */
const MAX_REPLAY_CHARS = 16 * 1024 * 1024;

/** Where the tapped fetch and XHR send what they read: one filter for both. */
export interface TapSink {
  /** Whether the tap is switched off (TAP_OFF): then it forwards and answers nothing. */
  readonly off: boolean;
  /** The page's own origin: the only one whose requests are read or repeated. */
  isPageOrigin(url: string): boolean;
  /** Whether a response is worth reading: the page's origin, and JSON. */
  wants(url: string, contentType: string | null): boolean;
  /** Forwards a body that may hold records, within bounds; `request` is read only then. */
  forward(url: string, body: string, request: () => PageRequest): void;
  /** Stops forwarding for good, and forgets what it kept for a late script. */
  stop(): void;
}

const isJsonType = (type: string | null) => !!type && /\bjson\b/i.test(type);

/**
 * Forwards the bodies to the content script, and keeps the last few for it: it starts later
 * than the tap, says hello and gets what it missed, then whether the tap saw the page from its start.
 */
export function createTapSink(win: TapWindow, status: TapStatus): TapSink {
  let off = false;
  const replay: TapPayload[] = [];
  const dispatch = (type: string, detail: unknown) => win.document.dispatchEvent(new CustomEvent(type, { detail: JSON.stringify(detail) }));
  const isPageOrigin = (url: string) => {
    try {
      return new URL(url, win.location.href).origin === win.location.origin;
    } catch {
      return false;
    }
  };

  win.document.addEventListener(TAP_HELLO, () => {
    if (off) return;
    for (const payload of replay) dispatch(TAP_EVENT, payload);
    dispatch(TAP_STATUS, status);
  });

  return {
    get off() {
      return off;
    },
    isPageOrigin,
    wants: (url, contentType) => isPageOrigin(url) && isJsonType(contentType),
    forward(url, body, request) {
      if (off || body.length > MAX_BODY_CHARS || !(mayHoldRecords(body) || mayBeRefusal(body))) return;
      const payload: TapPayload = { url, body, request: request() };
      replay.push(payload);
      let chars = replay.reduce((sum, p) => sum + p.body.length, 0);
      while (replay.length > MAX_REPLAY || (replay.length > 1 && chars > MAX_REPLAY_CHARS)) chars -= replay.shift()!.body.length;
      dispatch(TAP_EVENT, payload);
    },
    stop() {
      off = true;
      replay.length = 0;
    },
  };
}
