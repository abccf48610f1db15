/**
 * Where the page's list carries no recording links, the page asks for one link when a
 * row's 播放录音 or 下载录音文件 is used. Which endpoint, which method and where the
 * session id goes are unknown (docs/reference/tccc-record-model.md), so they are learned from the page's
 * own request: a request that named one call and got back one recording link is a recipe,
 * and the same request with another session id in its place gets that call's link.
 */
import { findRecordLinks } from '../page-json/record-shape';
import { isPlainObject, looseFields, looseKey, looseString } from '../page-json/loose-fields';
import type { PageRequest } from './tap';
import { isRecordingLinkUnder, recordingLink } from '../page-json/recording-link';
import { maskedPath } from '../page-json/json-shape';
import { ID_FORMS, type IdForm } from './id-forms';

export interface LinkRecipe {
  method: 'GET' | 'POST';
  /** The request's URL split where the session id stood. */
  url: string[];
  /** The body split the same way, as it was written (a JSON string, a form). */
  body: string[] | null;
  headers: [string, string][];
  /** How the id is written in the URL; recipes kept from before it was recorded wrote it URI-encoded. */
  urlForm?: IdForm;
  /** How the id is written in the body; recipes kept from before it was recorded wrote it JSON-escaped. */
  bodyForm?: IdForm;
}

/** Shorter ids would be found by chance in a URL; TCCC's session ids are long. */
const MIN_ID_LENGTH = 6;
const MAX_WALK = 2_000;
const SESSION_ID = 'sessionid';

/**
 * Verbs of requests that change something. A request naming one is never repeated for
 * other calls, whatever it answered: repeating it would write to every one of them.
 */
const MUTATING = new Set([
  'create',
  'modify',
  'update',
  'delete',
  'remove',
  'save',
  'set',
  'add',
  'bind',
  'unbind',
  'submit',
  'edit',
  'insert',
  'upload',
  'send',
  'mark',
  'assign',
  // A contact center's own: calls, seats and their states.
  'reset',
  'stop',
  'abort',
  'pause',
  'resume',
  'hang',
  'transfer',
  'disable',
  'enable',
  'cancel',
  'restore',
  'revoke',
  'force',
  'apply',
  'approve',
  'reject',
]);

/** A session id as a request writes it in this form. */
function idAsWritten(id: string, form: IdForm): string {
  switch (form) {
    case 'uri':
      return encodeURIComponent(id);
    case 'form':
      return new URLSearchParams([['', id]]).toString().slice(1);
    case 'json':
      return JSON.stringify(id).slice(1, -1);
    default:
      return id;
  }
}

/** A form kept in storage is not checked on its way back (messages.ts): an unknown one falls back. */
const knownFormOr = (form: unknown, fallback: IdForm): IdForm => (ID_FORMS.includes(form as IdForm) ? (form as IdForm) : fallback);

/**
 * Every distinct recording link in an answer and every session id it names; null when the
 * answer is too large to read whole, as a link not read could be a second one.
 */
function answerLinks(json: unknown): { urls: string[]; sessionIds: string[] } | null {
  const urls = new Set<string>();
  const sessionIds = new Set<string>();
  const stack: { value: unknown; key: string }[] = [{ value: json, key: '' }];
  for (let seen = 0; stack.length; seen++) {
    if (seen >= MAX_WALK) return null;
    const { value, key } = stack.pop()!;
    if (looseKey(key) === SESSION_ID && looseString(value)) sessionIds.add(looseString(value));
    else if (isRecordingLinkUnder(value, looseKey(key))) urls.add(recordingLink(value)!);
    else if (Array.isArray(value)) for (const v of value) stack.push({ value: v, key });
    else if (isPlainObject(value)) for (const [k, v] of Object.entries(value)) stack.push({ value: v, key: k });
  }
  return { urls: [...urls], sessionIds: [...sessionIds] };
}

/**
 * The one link of an answer whose links are not paired with ids: none if there are several
 * (which one is the call's cannot be told), or if the answer names another call than `sessionId`.
 */
function loneLink(json: unknown, sessionId: string): string | null {
  const found = answerLinks(json);
  if (!found || found.urls.length !== 1 || found.sessionIds.some((id) => id !== sessionId)) return null;
  return found.urls[0]!;
}

/** The one link an answer gives for `sessionId`: its own where links are paired with ids, else the only one there is. */
export function linkInAnswer(json: unknown, sessionId: string): string | null {
  const paired = findRecordLinks(json);
  if (paired.length) return paired.find((l) => l.sessionId === sessionId)?.recordUrl ?? null;
  return loneLink(json, sessionId);
}

const ERROR_CODE_KEYS = new Set(['code', 'errcode', 'errorcode', 'errno', 'ret', 'retcode']);
const SUCCESS_CODE = /^(0+|200|20000|ok|success)$/i;
/** Where gateways wrap the answer of the service behind them, which may be the error. */
const WRAPPER_KEYS = new Set(['response', 'data', 'result']);
const MAX_WRAPPING = 3;

function says(value: unknown): boolean {
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  if (isPlainObject(value)) return Object.keys(value).length > 0;
  return value === true || (typeof value === 'number' && value !== 0);
}

/**
 * Whether a JSON answer is an error envelope, which servers send with HTTP 200 too: a
 * `code`/`errcode`/`ret` other than success, `success: false`, an `error`, or Tencent
 * Cloud's `{Response: {Error}}`. Such an answer says nothing about the call's recording.
 */
export function answerRefused(json: unknown, depth = 0): boolean {
  if (!isPlainObject(json) || depth > MAX_WRAPPING) return false;
  for (const [key, value] of looseFields(json)) {
    if (ERROR_CODE_KEYS.has(key) && (typeof value === 'number' || typeof value === 'string')) {
      const code = String(value).trim();
      if (code !== '' && !SUCCESS_CODE.test(code)) return true;
    } else if ((key === 'success' || key === 'ok') && (value === false || value === 'false')) return true;
    else if ((key === 'error' || key === 'errors') && says(value)) return true;
    else if (WRAPPER_KEYS.has(key) && answerRefused(value, depth + 1)) return true;
  }
  return false;
}

/** Where in a request a session id stands: every token a URL or a body holds, tried against the calls we know. */
function idsIn(request: PageRequest): string[] {
  const raw = `${request.url}\n${request.body ?? ''}`;
  let decoded = raw;
  try {
    // JSON sent URI-encoded in a query (`?data=%7B%22SessionId%22…`) is split where its own quotes stand.
    decoded = decodeURIComponent(raw.replaceAll('+', ' '));
  } catch {
    /* not encoded as a whole */
  }
  const tokens = new Set<string>();
  for (const m of `${raw}\n${decoded}`.matchAll(/[^\s"'&=?/:,{}[\]\\]+/g)) {
    // As it is, and decoded both ways a URL or a form may have encoded it.
    tokens.add(m[0]);
    for (const encoded of [m[0], m[0].replaceAll('+', ' ')]) {
      try {
        tokens.add(decodeURIComponent(encoded));
      } catch {
        /* not encoded */
      }
    }
  }
  return [...tokens].filter((t) => t.length >= MIN_ID_LENGTH);
}

/** The call a page exchange was about and the link it got: the call the answer pairs with a link, or the one known call the request names. */
function callAndLink(
  request: PageRequest,
  json: unknown,
  isKnownCall: (sessionId: string) => boolean,
): { sessionId: string; recordUrl: string } | null {
  const paired = findRecordLinks(json);
  if (paired.length) return paired.length === 1 ? paired[0]! : null;
  const ids = idsIn(request).filter(isKnownCall);
  if (ids.length !== 1) return null;
  const recordUrl = loneLink(json, ids[0]!);
  return recordUrl === null ? null : { sessionId: ids[0]!, recordUrl };
}

/** The words of a request's text: letter runs, split at camelCase humps, without escapes. */
function wordsOf(text: string): string[] {
  // `%2F`, `\n` or `\u00e9` glued to a word would hide it (`\nsave`); letters are never escaped.
  const plain = text.replace(/%[0-9a-f]{2}|\\(u[0-9a-f]{4}|.)/gi, ' ');
  return (plain.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+/g) ?? []).map((word) => word.toLowerCase());
}

/**
 * Whether a request changes something rather than reads: its path, query, body or an
 * action header (Tencent Cloud's `X-TC-Action`) names a mutating verb, as a word or a
 * camelCase part (`ModifyStaff`, `/record/save`, `{"Action":"UpdateRemark"}`).
 */
function changesState(request: PageRequest, sessionId: string): boolean {
  let target = request.url;
  try {
    const url = new URL(request.url, 'https://workbench.invalid');
    target = url.pathname + url.search;
  } catch {
    /* read as written */
  }
  const actions = request.headers.filter(([name]) => /action/i.test(name)).map(([, value]) => value);
  let text = [target, request.body ?? '', ...actions].join('\n');
  // The id itself is data: a hex id holding `add` names no action.
  for (const form of ID_FORMS) text = text.replaceAll(idAsWritten(sessionId, form), ' ');
  return wordsOf(text).some((word) => MUTATING.has(word));
}

/** A request that sends the link it got back writes a record (or echoes one), rather than asks for a link. */
function sendsLink(request: PageRequest, recordUrl: string): boolean {
  const sent = `${request.url}\n${request.body ?? ''}`;
  return [...ID_FORMS.map((form) => idAsWritten(recordUrl, form)), recordUrl.replaceAll('/', '\\/')].some((spelled) =>
    sent.includes(spelled),
  );
}

/**
 * The text split where the id stands and how it is written there: one part when the id is
 * not there, null when it is written two ways (no one way to write another id then).
 */
function splitAt(text: string, id: string, likeliest: IdForm): { parts: string[]; form?: IdForm } | null {
  // Where forms spell this id alike, the likeliest form for the place is kept: other ids may not be spelled alike.
  const spellings = new Map<string, IdForm>();
  for (const form of [likeliest, ...ID_FORMS]) if (!spellings.has(idAsWritten(id, form))) spellings.set(idAsWritten(id, form), form);
  // Longest first: a spelling found only inside a longer one (`a\b` in `a\\b`) is that one.
  const present = [...spellings].filter(([spelled]) => text.includes(spelled)).sort(([a], [b]) => b.length - a.length);
  if (!present.length) return { parts: [text] };
  const [spelled, form] = present[0]!;
  const parts = text.split(spelled);
  if (present.some(([other]) => other !== spelled && parts.some((part) => part.includes(other)))) return null;
  return { parts, form };
}

/**
 * A recipe from one exchange of the page, if it fetched exactly one call's recording link:
 * the call is the one the answer names, or else the one call we know whose id the request holds.
 * Never from an error answer, nor from a request that writes.
 */
export function learnLinkRecipe(
  request: PageRequest,
  json: unknown,
  isKnownCall: (sessionId: string) => boolean,
): { recipe: LinkRecipe; sessionId: string; recordUrl: string } | null {
  const method = request.method.toUpperCase();
  if ((method !== 'GET' && method !== 'POST') || answerRefused(json)) return null;
  const found = callAndLink(request, json, isKnownCall);
  if (!found || found.sessionId.length < MIN_ID_LENGTH) return null;
  const { sessionId, recordUrl } = found;
  if (changesState(request, sessionId) || sendsLink(request, recordUrl)) return null;
  const url = splitAt(request.url, sessionId, 'uri');
  const body = request.body === null ? null : splitAt(request.body, sessionId, /^\s*[[{]/.test(request.body) ? 'json' : 'uri');
  if (!url || (request.body !== null && !body)) return null;
  // The id must be in the request: a list query that happens to return one call is not a recipe.
  if (!url.form && !body?.form) return null;
  const recipe: LinkRecipe = { method, url: url.parts, body: body?.parts ?? null, headers: request.headers };
  if (url.form) recipe.urlForm = url.form;
  if (body?.form) recipe.bodyForm = body.form;
  return { recipe, sessionId, recordUrl };
}

/** A recipe as the diagnostics report shows it: no header values, no query, no body. */
export interface RecipeShape {
  method: string;
  path: string;
  sessionIdIn: ('path' | 'query' | 'body')[];
  headerNames: string[];
}

export function recipeShape(recipe: LinkRecipe): RecipeShape {
  const url = recipe.url.join('SESSION_ID');
  const [beforeQuery = ''] = url.split('?');
  const sessionIdIn: RecipeShape['sessionIdIn'] = [];
  if (recipe.url.length > 1) sessionIdIn.push(beforeQuery.includes('SESSION_ID') ? 'path' : 'query');
  if (recipe.body && recipe.body.length > 1) sessionIdIn.push('body');
  return { method: recipe.method, path: maskedPath(url), sessionIdIn, headerNames: recipe.headers.map(([name]) => name) };
}

/** The learned request, for another call, its id written as the page wrote the first. */
export function linkRequest(recipe: LinkRecipe, sessionId: string): PageRequest {
  return {
    method: recipe.method,
    url: recipe.url.join(idAsWritten(sessionId, knownFormOr(recipe.urlForm, 'uri'))),
    body: recipe.body === null ? null : recipe.body.join(idAsWritten(sessionId, knownFormOr(recipe.bodyForm, 'json'))),
    headers: recipe.headers,
  };
}
