/**
 * How the page asks for one page of its call list, learned from the request that brought
 * the rows on screen: where the page number (or offset) and the page size stand in its
 * query or body, and the list's total in the answer. The endpoint, its method and its
 * envelope are unknown (docs/reference/tccc-record-model.md), so nothing here names them: the same
 * request with another page and a larger size gets the rest of the current query.
 */
import type { PageRequest } from './tap';
import { isPlainObject, looseKey, looseNumber } from '../page-json/loose-fields';
import { maskedPath } from '../page-json/json-shape';

/** Where a number stands: a query or form parameter (`[name]`), or a path into a JSON body. */
interface ParamSpot {
  in: 'query' | 'body';
  path: string[];
}

export interface ListRecipe {
  method: 'GET' | 'POST';
  url: string;
  body: string | null;
  bodyKind: 'json' | 'form' | null;
  headers: [string, string][];
  size: ParamSpot;
  /** A page number, or the offset of the first record. */
  page: ParamSpot & { counts: 'page' | 'offset' };
  /** What the learned request asked and got: its page number or offset, its size, the list's total and the calls. */
  seen: { page: number; size: number; total: number | null; ids: string[] };
}

/** Canonical keys (loose-fields.ts) by how likely each names the thing, likeliest first. */
const SIZE_KEYS = ['pagesize', 'limit', 'size', 'perpage', 'pagelimit', 'rows', 'ps', 'take', 'maxresults', 'length', 'count'];
const PAGE_KEYS = ['pagenumber', 'pageno', 'pagenum', 'pageindex', 'page', 'currentpage', 'current', 'curpage', 'pn'];
// Not `from` nor `begin`: lists name their time range so.
const OFFSET_KEYS = ['offset', 'start', 'skip', 'startindex', 'startrow'];
const TOTAL_KEYS = [
  'totalcount',
  'total',
  'totalnum',
  'totalsize',
  'totalrecords',
  'totalrecord',
  'totalelements',
  'totalrows',
  'recordcount',
  'count',
];
/** Where a list's parameters and total sit: near the top of a body or an answer. */
const MAX_DEPTH = 4;
/** No list pages more than this. */
const MAX_SIZE = 1000;

interface Found {
  spot: ParamSpot;
  key: string;
  value: number;
}

const rank = (keys: string[], key: string) => {
  const i = keys.indexOf(key);
  return i < 0 ? Infinity : i;
};

function numbersInJson(value: unknown, path: string[], out: Found[]): void {
  if (path.length > MAX_DEPTH || !isPlainObject(value)) return;
  for (const [key, v] of Object.entries(value)) {
    const n = typeof v === 'boolean' ? null : looseNumber(v);
    if (n !== null) out.push({ spot: { in: 'body', path: [...path, key] }, key: looseKey(key), value: n });
    else numbersInJson(v, [...path, key], out);
  }
}

function isJsonText(body: string): boolean {
  return /^\s*\{/.test(body);
}

/** Every number the request sends, with where it stands. */
function numbersIn(request: PageRequest, base: string): Found[] {
  const out: Found[] = [];
  const url = new URL(request.url, base);
  for (const [key, v] of url.searchParams) {
    const n = looseNumber(v);
    if (n !== null) out.push({ spot: { in: 'query', path: [key] }, key: looseKey(key), value: n });
  }
  const body = request.body;
  if (body !== null && isJsonText(body)) {
    try {
      numbersInJson(JSON.parse(body), [], out);
    } catch {
      /* a body that only looks like JSON holds nothing we can rewrite */
    }
  } else if (body?.includes('=')) {
    for (const [key, v] of new URLSearchParams(body)) {
      const n = looseNumber(v);
      if (n !== null) out.push({ spot: { in: 'body', path: [key] }, key: looseKey(key), value: n });
    }
  }
  return out;
}

/**
 * The list's total as the answer states it, outside the records: the likeliest-named count
 * near the top that is at least the number of records it came with.
 */
export function totalInAnswer(json: unknown, records: number): number | null {
  const found: Found[] = [];
  numbersInJson(json, [], found);
  const totals = found
    .filter((f) => TOTAL_KEYS.includes(f.key) && Number.isInteger(f.value) && f.value >= records)
    .sort((a, b) => rank(TOTAL_KEYS, a.key) - rank(TOTAL_KEYS, b.key) || a.spot.path.length - b.spot.path.length);
  return totals[0]?.value ?? null;
}

/**
 * A recipe from the request that brought a list of `ids` (in the answer `json`), if it names
 * a page size and a page (or an offset) that fit what came back.
 */
export function learnListRecipe(request: PageRequest, json: unknown, ids: string[], base: string): ListRecipe | null {
  const method = request.method.toUpperCase();
  if ((method !== 'GET' && method !== 'POST') || !ids.length) return null;
  let numbers: Found[];
  try {
    numbers = numbersIn(request, base);
  } catch {
    return null;
  }
  const total = totalInAnswer(json, ids.length);
  const size = numbers
    .filter((f) => SIZE_KEYS.includes(f.key) && Number.isInteger(f.value) && f.value >= ids.length && f.value <= MAX_SIZE)
    .sort((a, b) => rank(SIZE_KEYS, a.key) - rank(SIZE_KEYS, b.key))[0];
  if (!size) return null;
  const page = numbers
    .filter((f) => f !== size && Number.isInteger(f.value) && f.value >= 0)
    .map((f) => ({
      ...f,
      counts: OFFSET_KEYS.includes(f.key) ? ('offset' as const) : PAGE_KEYS.includes(f.key) ? ('page' as const) : null,
    }))
    // Within the list: a start time under an offset's name is not a place in it.
    .filter((f) => {
      const pages = total === null ? Infinity : Math.ceil(total / size.value);
      if (f.counts === 'page') return f.value <= pages;
      return f.counts === 'offset' && f.value % size.value === 0 && f.value / size.value < pages;
    })
    .sort((a, b) => rank([...PAGE_KEYS, ...OFFSET_KEYS], a.key) - rank([...PAGE_KEYS, ...OFFSET_KEYS], b.key))[0];
  if (!page?.counts) return null;
  const bodyKind = request.body === null ? null : isJsonText(request.body) ? 'json' : 'form';
  return {
    method,
    url: new URL(request.url, base).href,
    body: request.body,
    bodyKind,
    headers: request.headers,
    size: size.spot,
    page: { ...page.spot, counts: page.counts },
    seen: { page: page.value, size: size.value, total, ids },
  };
}

function setInJson(json: unknown, path: string[], value: number): void {
  let node = json as Record<string, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  const last = path[path.length - 1]!;
  // Written as the page wrote it: a number stays a number, a string a string.
  node[last] = typeof node[last] === 'string' ? String(value) : value;
}

function withParams(recipe: ListRecipe, values: [ParamSpot, number][]): PageRequest {
  const url = new URL(recipe.url);
  let body = recipe.body;
  const json = body !== null && recipe.bodyKind === 'json' ? (JSON.parse(body) as unknown) : null;
  const form = body !== null && recipe.bodyKind === 'form' ? new URLSearchParams(body) : null;
  for (const [spot, value] of values) {
    if (spot.in === 'query') url.searchParams.set(spot.path[0]!, String(value));
    else if (json) setInJson(json, spot.path, value);
    else form?.set(spot.path[0]!, String(value));
  }
  if (json) body = JSON.stringify(json);
  else if (form) body = form.toString();
  return { method: recipe.method, url: url.href, body, headers: recipe.headers };
}

/**
 * The request for the page at `index` (0 for the first) of `size` records. `firstPage` is
 * the number the page's API gives its first page (0 or 1); offsets start at 0.
 */
export function listPageRequest(recipe: ListRecipe, index: number, size: number, firstPage: number): PageRequest {
  const page = recipe.page.counts === 'offset' ? index * size : index + firstPage;
  return withParams(recipe, [
    [recipe.size, size],
    [recipe.page, page],
  ]);
}

/** The learned request exactly as the page made it: to check that repeating it gets the same answer. */
export function seenRequest(recipe: ListRecipe): PageRequest {
  return { method: recipe.method, url: recipe.url, body: recipe.body, headers: recipe.headers };
}

/** A recipe as the diagnostics report shows it: no values, no query, no body. */
export interface ListRecipeShape {
  method: string;
  path: string;
  pageIn: string;
  sizeIn: string;
  counts: 'page' | 'offset';
  headerNames: string[];
}

export function listRecipeShape(recipe: ListRecipe): ListRecipeShape {
  const spot = (s: ParamSpot) => `${s.in}:${s.path.join('.')}`;
  return {
    method: recipe.method,
    path: maskedPath(recipe.url),
    pageIn: spot(recipe.page),
    sizeIn: spot(recipe.size),
    counts: recipe.page.counts,
    headerNames: recipe.headers.map(([name]) => name),
  };
}

const MESSAGE_KEYS = ['message', 'msg', 'errmsg', 'errormsg', 'errormessage', 'description'];
const CODE_KEYS = ['code', 'errcode', 'errorcode', 'errno', 'ret', 'retcode'];
const MAX_DETAIL = 160;

/** The code and words of an error envelope (`{code, msg}`, `{error: {code, message}}`, `{Response: {Error: {Code, Message}}}`). */
function refusalWords(json: unknown, depth = 0): { code: string; message: string } {
  const out = { code: '', message: '' };
  if (!isPlainObject(json) || depth > MAX_DEPTH) return out;
  for (const [key, value] of Object.entries(json)) {
    const k = looseKey(key);
    if (!out.code && CODE_KEYS.includes(k) && (typeof value === 'string' || typeof value === 'number')) out.code = String(value);
    else if (!out.message && MESSAGE_KEYS.includes(k) && typeof value === 'string') out.message = value;
    else if (isPlainObject(value)) {
      const inner = refusalWords(value, depth + 1);
      out.code ||= inner.code;
      out.message ||= inner.message;
    }
  }
  return out;
}

/** The endpoint a request goes to (method, origin, path), to tell the page's list request from its others. */
export function endpointOf(request: Pick<PageRequest, 'method' | 'url'>, base: string): string | null {
  try {
    const u = new URL(request.url, base);
    return `${request.method.toUpperCase()} ${u.origin}${u.pathname}`;
  } catch {
    return null;
  }
}

/**
 * What the server said in an answer that refused a request, e.g. a time range over the
 * cloud API's 90 days: `InvalidParameterValue：…`. Bounded text with no control characters:
 * it is shown in the bar.
 */
export function refusalDetail(json: unknown): string {
  const { code, message } = refusalWords(json);
  // eslint-disable-next-line no-control-regex
  const clean = (s: string) => s.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return [clean(code), clean(message)].filter(Boolean).join('：').slice(0, MAX_DETAIL) || '?';
}
