import { isSdkAppId } from '../record/record';
import { isWorkbenchUrl } from './origins';
import type { LinkRecipe } from '../page-requests/link-recipe';
import { ID_FORMS } from '../page-requests/id-forms';
import { isHeaderList, MAX_URL_CHARS } from '../page-requests/main-world';
import { MAX_REQUEST_CHARS } from '../page-requests/tap';
import type { ManifestFailure } from '../queue/types';
import { BATCH_ACTIONS, type BatchAction } from './batch-actions';
import type { EnqueuePart, PartReply } from './enqueue-upload';

export type { BatchAction };

/** Who sent a message: one of the extension's own pages, or its content script in a workbench tab. */
export type SenderSide = 'extension-page' | 'workbench-tab';

/**
 * Every message the extension's parts send the background: what it carries besides its
 * `type`, the side that sends it (from the other it is refused: a page may not drive the
 * popup's controls, nor the popup pose as a page) and what the background answers.
 */
interface Protocol {
  /** One part of a selection (enqueue-upload.ts); the last one in is answered for the whole batch. */
  enqueue: { carries: Omit<EnqueuePart, 'type'>; from: 'workbench-tab'; reply: EnqueueReply | PartReply };
  batches: { carries: object; from: 'extension-page'; reply: BatchView[] };
  'batch-action': { carries: { batchId: string; action: BatchAction }; from: 'extension-page'; reply: { ok: true } };
  /** Forget every finished batch. */
  'clear-history': { carries: object; from: 'extension-page'; reply: { ok: true; forgotten: number } };
  ping: { carries: object; from: 'extension-page'; reply: { ok: true; version: string } };
  /** From the workbench sentinel: this frame shows call records, load the page tools into it. */
  'load-tools': { carries: object; from: 'workbench-tab'; reply: { ok: boolean } };
  /** Which calls need fresh links. */
  'links-wanted': { carries: object; from: 'workbench-tab'; reply: LinksWanted };
  /** Links the page tools just read for calls the queue waits on, and calls they could get none for. */
  'fresh-links': {
    carries: { links: FreshLink[]; unavailable?: UnavailableLink[] };
    from: 'workbench-tab';
    reply: { ok: true; applied: number };
  };
  /** How this page fetches a call's link, learned from the page itself. */
  'link-recipe': { carries: { recipe: LinkRecipe }; from: 'workbench-tab'; reply: { ok: true } };
  /** The link recipe a tab of this workbench app learned before, if one did. */
  'known-link-recipe': { carries: object; from: 'workbench-tab'; reply: LinkRecipe | null };
}

export type MessageType = keyof Protocol;
export type Message = { [K in MessageType]: { type: K } & Protocol[K]['carries'] }[MessageType];
export type MessageOf<K extends MessageType> = Extract<Message, { type: K }>;
/** What the background answers a message. */
export type ReplyTo<K extends MessageType> = Protocol[K]['reply'];

/** Which side sends each message, as the protocol says. */
const SENT_BY = {
  batches: 'extension-page',
  'batch-action': 'extension-page',
  'clear-history': 'extension-page',
  ping: 'extension-page',
  enqueue: 'workbench-tab',
  'load-tools': 'workbench-tab',
  'links-wanted': 'workbench-tab',
  'fresh-links': 'workbench-tab',
  'link-recipe': 'workbench-tab',
  'known-link-recipe': 'workbench-tab',
} as const satisfies { [K in MessageType]: Protocol[K]['from'] };

export interface FreshLink {
  sessionId: string;
  recordUrl: string;
}

/**
 * Why the page could give no link for a call: `needs-click`, it has not yet been seen
 * fetching one (the user clicks 播放录音 on any row once); `no-link`, it asked and was
 * given none; `request-failed`, the asking itself failed.
 */
const LINK_UNAVAILABLE_REASONS = ['needs-click', 'no-link', 'request-failed'] as const;
export type LinkUnavailableReason = (typeof LINK_UNAVAILABLE_REASONS)[number];
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
 * tab of the workbench app `sdkAppId` learned it. And to the sentinel: whether it is there.
 */
export type TabMessage =
  | ({ type: 'need-links' } & LinksWanted)
  | { type: 'link-recipe'; recipe: LinkRecipe; sdkAppId?: string }
  | { type: typeof SENTINEL_PING };

/** What a tab answers each message; `undefined` where no one there listens. */
export interface TabReplies {
  'need-links': boolean | undefined;
  'link-recipe': undefined;
  [SENTINEL_PING]: true | undefined;
}

/**
 * Asked of the sentinel in each open workbench tab, answered `true`: a tab whose scripts
 * were orphaned by an install or update (or never injected) does not answer.
 */
export const SENTINEL_PING = 'sentinel?' as const;

/** More links than any batch holds is not a page answering us. */
const MAX_LINKS = 50_000;

/**
 * `rejected` counts every call not queued; `downloadedBefore` names those skipped because they
 * were downloaded (or queued) before, which the page offers to download again (`force`).
 */
export type EnqueueReply =
  | { ok: true; batchId: string; accepted: number; rejected: number; downloadedBefore: string[] }
  | { ok: false; error: string };

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

export interface MessageSender {
  id?: string;
  url?: string;
  tab?: { id?: number };
  frameId?: number;
}

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

type Fields = Partial<
  Record<'records' | 'pageUrl' | 'upload' | 'part' | 'parts' | 'batchId' | 'action' | 'links' | 'unavailable' | 'recipe', unknown>
>;
const always = () => true;

/** The shape each message must have, beyond its type. */
const HAS_SHAPE: { [K in MessageType]: (m: Fields) => boolean } = {
  enqueue: (m) =>
    typeof m.records === 'string' &&
    typeof m.pageUrl === 'string' &&
    typeof m.upload === 'string' &&
    m.upload.length <= 64 &&
    Number.isInteger(m.part) &&
    Number.isInteger(m.parts),
  'batch-action': (m) => typeof m.batchId === 'string' && isOneOf(m.action, BATCH_ACTIONS),
  batches: always,
  'clear-history': always,
  ping: always,
  'load-tools': always,
  'links-wanted': always,
  'known-link-recipe': always,
  'fresh-links': (m) => isFreshLinks(m.links) && (m.unavailable === undefined || isUnavailableList(m.unavailable)),
  'link-recipe': (m) => isLinkRecipe(m.recipe),
};

export function isMessage(value: unknown): value is Message {
  if (!value || typeof value !== 'object') return false;
  const type = (value as { type?: unknown }).type;
  return typeof type === 'string' && Object.hasOwn(HAS_SHAPE, type) && HAS_SHAPE[type as MessageType](value as Fields);
}

const isOneOf = <T extends string>(v: unknown, list: readonly T[]): v is T => (list as readonly unknown[]).includes(v);

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
    list.every(
      (u) =>
        !!u && typeof (u as UnavailableLink).sessionId === 'string' && isOneOf((u as UnavailableLink).reason, LINK_UNAVAILABLE_REASONS),
    )
  );
}

/** At most `max` strings, of `maxChars` characters together. */
const isTextList = (v: unknown, max: number, maxChars: number): v is string[] =>
  Array.isArray(v) &&
  v.length <= max &&
  v.every((x) => typeof x === 'string') &&
  v.reduce((n: number, x: string) => n + x.length, 0) <= maxChars;

/** A recipe in its exact shape and within the bounds of the request it was learned from (main-world.ts). */
export function isLinkRecipe(r: unknown): r is LinkRecipe {
  const recipe = r as Partial<LinkRecipe> | null;
  return (
    !!recipe &&
    (recipe.method === 'GET' || recipe.method === 'POST') &&
    isTextList(recipe.url, 16, MAX_URL_CHARS) &&
    recipe.url.length > 0 &&
    (recipe.body === null || isTextList(recipe.body, 16, MAX_REQUEST_CHARS)) &&
    [recipe.urlForm, recipe.bodyForm].every((form) => form === undefined || isOneOf(form, ID_FORMS)) &&
    isHeaderList(recipe.headers)
  );
}

/** What the page tools accept from the background: only this, and only from the extension itself. */
export function isTabMessage(value: unknown): value is TabMessage {
  const m = value as Partial<LinksWanted & { type: string; recipe: unknown; sdkAppId: unknown }> | null;
  if (m?.type === 'link-recipe') return isLinkRecipe(m.recipe) && (m.sdkAppId === undefined || isSdkAppId(m.sdkAppId));
  return (
    !!m &&
    m.type === 'need-links' &&
    isTextList(m.wanted, MAX_LINKS, Infinity) &&
    isTextList(m.welcome, MAX_LINKS, Infinity) &&
    typeof m.ahead === 'number'
  );
}
