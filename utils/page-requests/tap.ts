/**
 * What the main-world tap (tap-install.ts) and the extension's scripts say to each other
 * through the page's document: the events, their payloads and their bounds, and which
 * bodies are worth forwarding.
 */
import { COS_HOST_SUFFIXES } from '../extension/origins';
import { AUDIO_EXTENSIONS, LINK_KEYS } from '../page-json/recording-link';

export const TAP_EVENT = 'tccc-record-tools:json';
export const TAP_HELLO = 'tccc-record-tools:hello';
/** Answers each hello, after the replay: whether the tap has been there since the document started. */
export const TAP_STATUS = 'tccc-record-tools:status';
/** The page features are switched off: the tap steps aside and forwards nothing. */
export const TAP_OFF = 'tccc-record-tools:off';
/** The page tools ask the tap to repeat a request the page made, for another call. */
export const TAP_ASK = 'tccc-record-tools:ask';
export const TAP_ANSWER = 'tccc-record-tools:answer';

/** Bodies longer than this are neither forwarded nor answered. */
export const MAX_BODY_CHARS = 8 * 1024 * 1024;
export const MAX_REQUEST_CHARS = 64 * 1024;

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
const REFUSAL =
  /"(?:code|errcode|errorcode|errno|ret|retcode)"\s*:\s*(?!0\s*[,}]|"0"|200\s*[,}]|"(?:ok|success)")["\w-]|"error"\s*:\s*[{"]/i;

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

export interface TapStatus {
  /**
   * False when the tap was put into a page already loaded (the extension was installed or
   * updated while the tab was open): the page's first responses went by unseen.
   */
  early: boolean;
}

/** `status` 0: the request did not reach the server. `body` is empty when it was too large or unreadable. */
export interface TapAnswer {
  ticket: string;
  status: number;
  body: string;
}

export type TapWindow = Window & typeof globalThis;
