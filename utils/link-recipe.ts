/**
 * Where the page's list carries no recording links, the page asks for one link when a
 * row's 播放录音 or 下载录音文件 is used. Which endpoint, which method and where the
 * session id goes are unknown (tccc-record-model.md), so they are learned from the page's
 * own request: a request that named one call and got back one recording link is a recipe,
 * and the same request with another session id in its place gets that call's link.
 */
import { findRecordLinks } from './record-shape';
import { isPlainObject } from './loose-fields';
import type { PageRequest } from './tap';
import { maskedPath } from './json-shape';

export interface LinkRecipe {
  method: 'GET' | 'POST';
  /** The request's URL split where the session id stood (URL-encoded there). */
  url: string[];
  /** The body split the same way, as it was written (a JSON string, a form). */
  body: string[] | null;
  headers: [string, string][];
}

/** Shorter ids would be found by chance in a URL; TCCC's session ids are long. */
const MIN_ID_LENGTH = 6;
const MAX_WALK = 2_000;
const AUDIO_PATH = /\.(mp3|wav|m4a|ogg|aac)$/i;

/** Every distinct URL in an answer that points at a recording: under a key that names one, or ending like an audio file. */
function recordingUrls(json: unknown): string[] {
  const found = new Set<string>();
  const stack: { value: unknown; key: string }[] = [{ value: json, key: '' }];
  for (let seen = 0; stack.length && seen < MAX_WALK; seen++) {
    const { value, key } = stack.pop()!;
    if (typeof value === 'string') {
      // Absolute, or a path on the workbench itself.
      if (!/^(https?:\/\/|\/[^/])/i.test(value)) continue;
      let path = '';
      try {
        path = new URL(value, 'https://workbench.invalid').pathname;
      } catch {
        continue;
      }
      if (/record/i.test(key) || AUDIO_PATH.test(path)) found.add(value);
    } else if (Array.isArray(value)) {
      for (const v of value) stack.push({ value: v, key });
    } else if (isPlainObject(value)) {
      for (const [k, v] of Object.entries(value)) stack.push({ value: v, key: k });
    }
  }
  return [...found];
}

/** The one link an answer gives for `sessionId`: its own where links are paired with ids, else the only one there is. */
export function linkInAnswer(json: unknown, sessionId: string): string | null {
  const paired = findRecordLinks(json);
  if (paired.length) return paired.find((l) => l.sessionId === sessionId)?.recordUrl ?? null;
  const urls = recordingUrls(json);
  return urls.length === 1 ? urls[0]! : null;
}

function splitAt(text: string, forms: string[]): string[] | null {
  for (const form of forms) if (text.includes(form)) return text.split(form);
  return null;
}

/** Where in a request a session id stands: every token a URL or a body holds, tried against the calls we know. */
function idsIn(request: PageRequest): string[] {
  const text = `${request.url}\n${request.body ?? ''}`;
  const tokens = new Set<string>();
  for (const m of text.matchAll(/[^\s"'&=?/:,{}[\]\\]+/g)) {
    try {
      tokens.add(decodeURIComponent(m[0]));
    } catch {
      tokens.add(m[0]);
    }
  }
  return [...tokens].filter((t) => t.length >= MIN_ID_LENGTH);
}

/**
 * A recipe from one exchange of the page, if it fetched exactly one call's recording link:
 * the call is the one the answer names, or else the one call we know whose id the request holds.
 */
export function learnLinkRecipe(request: PageRequest, json: unknown, isKnownCall: (sessionId: string) => boolean): { recipe: LinkRecipe; sessionId: string; recordUrl: string } | null {
  const method = request.method.toUpperCase();
  if (method !== 'GET' && method !== 'POST') return null;
  const paired = findRecordLinks(json);
  let sessionId: string;
  let recordUrl: string;
  if (paired.length) {
    if (paired.length !== 1) return null;
    ({ sessionId, recordUrl } = paired[0]!);
  } else {
    const urls = recordingUrls(json);
    const ids = idsIn(request).filter(isKnownCall);
    if (urls.length !== 1 || ids.length !== 1) return null;
    sessionId = ids[0]!;
    recordUrl = urls[0]!;
  }
  if (sessionId.length < MIN_ID_LENGTH) return null;
  const forms = [sessionId, encodeURIComponent(sessionId)];
  const url = splitAt(request.url, forms);
  const body = request.body === null ? null : splitAt(request.body, [...forms, JSON.stringify(sessionId).slice(1, -1)]);
  // The id must be in the request: a list query that happens to return one call is not a recipe.
  if (!url && !body) return null;
  return {
    recipe: { method, url: url ?? [request.url], body: body ?? (request.body === null ? null : [request.body]), headers: request.headers },
    sessionId,
    recordUrl,
  };
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

/** The learned request, for another call. */
export function linkRequest(recipe: LinkRecipe, sessionId: string): PageRequest {
  return {
    method: recipe.method,
    url: recipe.url.join(encodeURIComponent(sessionId)),
    body: recipe.body === null ? null : recipe.body.join(JSON.stringify(sessionId).slice(1, -1)),
    headers: recipe.headers,
  };
}
