import { isSdkAppId } from './record';
import { isWorkbenchUrl } from './origins';
import type { LinkRecipe } from './link-recipe';
import { isHeaderList, MAX_URL_CHARS } from './main-world';
import { MAX_REQUEST_CHARS } from './tap';
import type { ManifestFailure } from './queue/types';
import type { EnqueuePart } from './enqueue-upload';

/** Every message the extension's parts send each other, and what each answers. */
export type BatchAction = 'pause' | 'resume' | 'cancel' | 'retry-failed' | 'open-folder';

export type Message =
  | EnqueuePart
  | { type: 'batches' }
  | { type: 'batch-action'; batchId: string; action: BatchAction }
  /** From the popup: forget every finished batch. */
  | { type: 'clear-history' }
  | { type: 'ping' }
  /** From the workbench sentinel: this frame shows call records, load the page tools into it. */
  | { type: 'load-tools' }
  /** From the page tools: which calls need fresh links (answered with `LinksWanted`). */
  | { type: 'links-wanted' }
  /** From the page tools: links it just read for calls the queue waits on, and calls it could get none for. */
  | { type: 'fresh-links'; links: FreshLink[]; unavailable?: UnavailableLink[] }
  /** From the page tools: how this page fetches a call's link, learned from the page itself; or a request for it. */
  | { type: 'link-recipe'; recipe: LinkRecipe }
  | { type: 'link-recipe?' };

export interface FreshLink {
  sessionId: string;
  recordUrl: string;
}

/**
 * Why the page could give no link for a call: `needs-click`, it has not yet been seen
 * fetching one (the user clicks 播放录音 on any row once); `no-link`, it asked and was
 * given none; `request-failed`, the asking itself failed.
 */
export type LinkUnavailableReason = 'needs-click' | 'no-link' | 'request-failed';
export interface UnavailableLink {
  sessionId: string;
  reason: LinkUnavailableReason;
}

/**
 * `wanted`: the downloads wait for these, in queue order (their links expired, or the page
 * gives links only on demand); `welcome`: still queued, better fresh. `ahead`: how many
 * links to fetch one by one now, since those fetched too early only expire sooner.
 */
export interface LinksWanted {
  wanted: string[];
  welcome: string[];
  ahead: number;
}

/**
 * From the background to the page tools in a workbench tab: the queue waits for links
 * (answered `true` by a tab that will see to it); or how to fetch a call's link, as another
 * tab of the workbench app `sdkAppId` learned it.
 */
export type TabMessage =
  | ({ type: 'need-links' } & LinksWanted)
  | { type: 'link-recipe'; recipe: LinkRecipe; sdkAppId?: string }
  | { type: typeof SENTINEL_PING };

/**
 * Asked of the sentinel in each open workbench tab, answered `true`: a tab whose scripts
 * were orphaned by an install or update (or never injected) does not answer.
 */
export const SENTINEL_PING = 'sentinel?';

/** More links than any batch holds is not a page answering us. */
const MAX_LINKS = 50_000;

/**
 * `rejected` counts every call not queued; `downloadedBefore` names those skipped because they
 * were downloaded (or queued) before, which the page offers to download again (`force`).
 */
export type EnqueueReply = { ok: true; batchId: string; accepted: number; rejected: number; downloadedBefore: string[] } | { ok: false; error: string };

export interface BatchView {
  id: string;
  label: string;
  state: 'running' | 'paused' | 'done' | 'failed' | 'canceled';
  createdAt: number;
  total: number;
  done: number;
  failed: number;
  skipped: number;
  /** Bytes on disk: finished files and the received part of those under way. */
  bytes: number;
  /** Bytes of the finished files alone, for the size to expect of the rest. */
  doneBytes: number;
  /** Items queued or under way. */
  left: number;
  /** Why items failed or wait, each with how many. */
  reasons: { reason: string; count: number }[];
  /** Why the finished batch has no manifest, when it has none. */
  noManifest: ManifestFailure | null;
}
export type PingReply = { ok: true; version: string };

export interface MessageSender {
  id?: string;
  url?: string;
  tab?: { id?: number };
  frameId?: number;
}

/** Who sent a message: one of the extension's own pages, or its content script in a workbench tab. */
export type SenderSide = 'extension-page' | 'workbench-tab';

/** Which side sends each message; from the other side it is refused (a page may not drive the popup's controls, nor the popup pose as a page). */
const SENT_BY: Readonly<Record<Message['type'], SenderSide>> = {
  batches: 'extension-page',
  'batch-action': 'extension-page',
  'clear-history': 'extension-page',
  ping: 'extension-page',
  enqueue: 'workbench-tab',
  'load-tools': 'workbench-tab',
  'links-wanted': 'workbench-tab',
  'fresh-links': 'workbench-tab',
  'link-recipe': 'workbench-tab',
  'link-recipe?': 'workbench-tab',
};

/**
 * The side a sender is on, or null for anyone else: another extension, a page that got hold
 * of a port, a content script off the workbench.
 */
export function senderSide(sender: MessageSender, extensionId: string, extensionOrigin: string): SenderSide | null {
  if (sender.id !== extensionId || typeof sender.url !== 'string') return null;
  // An extension page may sit in a tab (the options page, a popup opened as a page).
  if (sender.url.startsWith(extensionOrigin)) return 'extension-page';
  return sender.tab && isWorkbenchUrl(sender.url) ? 'workbench-tab' : null;
}

/** Whether this message may come from this sender: only from the side that sends it. */
export function isAcceptedFrom(message: Message, sender: MessageSender, extensionId: string, extensionOrigin: string): boolean {
  return senderSide(sender, extensionId, extensionOrigin) === SENT_BY[message.type];
}

export function isMessage(value: unknown): value is Message {
  if (!value || typeof value !== 'object') return false;
  const m = value as { type?: unknown; records?: unknown; pageUrl?: unknown; batchId?: unknown; action?: unknown };
  switch (m.type) {
    case 'enqueue': {
      const { upload, part, parts } = value as { upload?: unknown; part?: unknown; parts?: unknown };
      return typeof m.records === 'string' && typeof m.pageUrl === 'string' && typeof upload === 'string' && upload.length <= 64 && Number.isInteger(part) && Number.isInteger(parts);
    }
    case 'batch-action':
      return typeof m.batchId === 'string' && ['pause', 'resume', 'cancel', 'retry-failed', 'open-folder'].includes(m.action as string);
    case 'batches':
    case 'clear-history':
    case 'ping':
    case 'load-tools':
    case 'links-wanted':
      return true;
    case 'link-recipe?':
      return true;
    case 'fresh-links': {
      const { links, unavailable } = value as { links?: unknown; unavailable?: unknown };
      return isFreshLinks(links) && (unavailable === undefined || isUnavailableList(unavailable));
    }
    case 'link-recipe':
      return isLinkRecipe((value as { recipe?: unknown }).recipe);
    default:
      return false;
  }
}

function isFreshLinks(links: unknown): links is FreshLink[] {
  return (
    Array.isArray(links) &&
    links.length <= MAX_LINKS &&
    links.every((l) => !!l && typeof (l as FreshLink).sessionId === 'string' && typeof (l as FreshLink).recordUrl === 'string')
  );
}

function isUnavailableList(list: unknown): list is UnavailableLink[] {
  return (
    Array.isArray(list) &&
    list.length <= MAX_LINKS &&
    list.every((u) => !!u && typeof (u as UnavailableLink).sessionId === 'string' && ['needs-click', 'no-link', 'request-failed'].includes((u as UnavailableLink).reason))
  );
}

/** At most `max` strings, of `maxChars` characters together. */
const isTextList = (v: unknown, max: number, maxChars: number): v is string[] =>
  Array.isArray(v) && v.length <= max && v.every((x) => typeof x === 'string') && v.reduce((n: number, x: string) => n + x.length, 0) <= maxChars;

/** A recipe in its exact shape and within the bounds of the request it was learned from (main-world.ts). */
export function isLinkRecipe(r: unknown): r is LinkRecipe {
  const recipe = r as Partial<LinkRecipe> | null;
  return (
    !!recipe &&
    (recipe.method === 'GET' || recipe.method === 'POST') &&
    isTextList(recipe.url, 16, MAX_URL_CHARS) &&
    recipe.url.length > 0 &&
    (recipe.body === null || isTextList(recipe.body, 16, MAX_REQUEST_CHARS)) &&
    [recipe.urlForm, recipe.bodyForm].every((f) => f === undefined || ['raw', 'uri', 'form', 'json'].includes(f)) &&
    isHeaderList(recipe.headers)
  );
}

function isIdList(v: unknown): v is string[] {
  return Array.isArray(v) && v.length <= MAX_LINKS && v.every((x) => typeof x === 'string');
}

/** What the page tools accept from the background: only this, and only from the extension itself. */
export function isTabMessage(value: unknown): value is TabMessage {
  const m = value as Partial<LinksWanted & { type: string; recipe: unknown; sdkAppId: unknown }> | null;
  if (m?.type === 'link-recipe') return isLinkRecipe(m.recipe) && (m.sdkAppId === undefined || isSdkAppId(m.sdkAppId));
  return !!m && m.type === 'need-links' && isIdList(m.wanted) && isIdList(m.welcome) && typeof m.ahead === 'number';
}
