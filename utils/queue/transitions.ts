/**
 * The queue's state changes as pure functions: each takes what is known and returns
 * the new state, so the scheduler and the store stay thin and everything here is tested
 * without a browser.
 */
import { hasRecording, type CallRecord } from '../record/record';
import { recordingLink, recordingUrlOf } from '../page-json/recording-link';
import type { Batch, BatchState, ItemState, QueueItem } from './types';
import type { LinkUnavailableReason } from '../extension/messages';
import { savedInAskedPlace } from './placement';

export const MAX_ATTEMPTS = 6;
const BASE_BACKOFF_MS = 2_000;
const MAX_BACKOFF_MS = 60_000;

export interface EnqueuePlan {
  batch: Batch;
  items: QueueItem[];
}

export interface EnqueueOptions {
  batchId: string;
  label: string;
  now: number;
  /** Session ids already downloaded or waiting in another batch. */
  known: ReadonlySet<string>;
  /** Download again what was downloaded before. */
  force: boolean;
  nameFor: (record: CallRecord) => string;
}

/** A new batch from a selection: one item per call, duplicates and calls without a recording skipped with a reason. */
export function planEnqueue(records: CallRecord[], opts: EnqueueOptions): EnqueuePlan {
  const seen = new Set<string>();
  const items: QueueItem[] = [];
  for (const record of records) {
    if (seen.has(record.sessionId)) continue;
    seen.add(record.sessionId);
    const hasLink = record.recordUrl !== null || record.customRecordUrl !== null;
    // Where the page gives links only on demand, the item waits for the page to fetch one.
    const linkLater = !hasLink && hasRecording(record);
    const safe = linkLater || recordingUrlOf(record);
    const skipReason =
      !hasLink && !linkLater ? 'no-recording' : !safe ? 'unsafe-url' : !opts.force && opts.known.has(record.sessionId) ? 'duplicate' : null;
    items.push({
      id: `${opts.batchId}:${record.sessionId}`,
      batchId: opts.batchId,
      sessionId: record.sessionId,
      record,
      state: skipReason ? 'skipped' : 'queued',
      attempts: 0,
      lastError: null,
      skipReason,
      downloadId: null,
      filename: opts.nameFor(record),
      finalPath: null,
      bytes: 0,
      totalBytes: 0,
      notBefore: 0,
      needsLink: linkLater,
      linkAt: opts.now,
      startedAt: 0,
      order: items.length,
    });
  }
  const batch: Batch = { id: opts.batchId, label: opts.label, createdAt: opts.now, state: 'running', total: items.length };
  return { batch: { ...batch, state: deriveBatchState(batch, items) }, items };
}

/** Which queued items may start now, oldest batch first, without passing `concurrency` downloads at once. */
export function pickNext(items: QueueItem[], batches: Batch[], concurrency: number, now: number): QueueItem[] {
  const running = new Set(batches.filter((b) => b.state === 'running').map((b) => b.id));
  const created = new Map(batches.map((b) => [b.id, b.createdAt]));
  const busy = items.filter((i) => i.state === 'downloading').length;
  const free = Math.max(0, concurrency - busy);
  if (free === 0) return [];
  return items
    .filter((i) => i.state === 'queued' && running.has(i.batchId) && !i.needsLink && i.notBefore <= now)
    .sort((a, b) => created.get(a.batchId)! - created.get(b.batchId)! || a.order - b.order)
    .slice(0, free);
}

/**
 * Written to the store before the browser is asked to download, so a worker killed in
 * between finds the claim on restart and looks for the download instead of starting another.
 */
export function claimed(item: QueueItem, now: number): QueueItem {
  return {
    ...item,
    state: 'downloading',
    downloadId: null,
    attempts: item.attempts + 1,
    lastError: null,
    needsLink: false,
    startedAt: now,
  };
}

export function started(item: QueueItem, downloadId: number, now = item.startedAt): QueueItem {
  const claim = item.state === 'downloading' && item.downloadId === null ? item : claimed(item, now);
  return { ...claim, downloadId };
}

export type InterruptKind = 'retry' | 'expired' | 'fatal' | 'canceled' | 'disk-full' | 'ask-where';

/**
 * The browser saved (or was saving) the file somewhere else than asked: it resumed a dropped
 * download by itself, under the server's name at the folder's root. Fetched again, fresh.
 */
export const SAVED_ELSEWHERE = 'SAVED_ELSEWHERE';
/** Another extension's `onDeterminingFilename` chose the name: fetching again would do the same. */
export const RENAMED_BY_EXTENSION = 'RENAMED_BY_EXTENSION';
/** A web page came instead of the recording: an expired login's sign-in page, as an SSO answers 200. */
export const LOGIN_PAGE = 'LOGIN_PAGE';
/** An error body (JSON, text) or a few bytes came instead of the recording, with a 200. */
export const NOT_A_RECORDING = 'NOT_A_RECORDING';
/** The user paused the download in the browser's own list: it is stopped, and retry-failed brings it back. */
export const USER_PAUSED = 'USER_PAUSED';
/**
 * Chrome asked where to save the file and no answer came: the user's "Ask where to save each
 * file before downloading" is on, which `saveAs: false` does not override (Chromium's
 * `DownloadTargetDeterminer::NeedsConfirmation`), and the dialog was closed, or could not be
 * shown. Seen as a download canceled before it had a path. Every file would ask the same.
 */
export const ASKED_WHERE_TO_SAVE = 'ASKED_WHERE_TO_SAVE';
/** Chrome's word for a 404 or 410: the server has no such file. */
const NOT_ON_SERVER = 'SERVER_BAD_CONTENT';
/** Below this, a body is no call's recording (a second of 8 kbit/s audio is 1 KB): a placeholder or an error. */
const MIN_RECORDING_BYTES = 1024;

/**
 * What a finished download is, by the type and size the browser reports: a recording (null),
 * a web page (an expired login's sign-in page), or an error body. An unknown or generic type
 * with a plausible size is taken for audio: servers label recordings loosely.
 */
export function notARecording(mime: string | undefined, bytes: number): typeof LOGIN_PAGE | typeof NOT_A_RECORDING | null {
  const type = (mime ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'text/html' || type === 'application/xhtml+xml') return LOGIN_PAGE;
  if (/^(application\/([\w.+-]*\+)?(json|xml)|text\/)/.test(type)) return NOT_A_RECORDING;
  if (bytes > 0 && bytes < MIN_RECORDING_BYTES) return NOT_A_RECORDING;
  return null;
}

/** What an interrupt reason from `downloads` (or an HTTP status) means for the item. */
export function classifyInterrupt(reason: string): InterruptKind {
  // Canceled or paused in the browser's own download list: the user meant it; retry-failed brings it back.
  if (reason === 'USER_CANCELED' || reason === USER_PAUSED) return 'canceled';
  // No room to write: every other file would fail the same way until the user makes room.
  if (reason === 'FILE_NO_SPACE' || reason === 'FILE_TOO_LARGE') return 'disk-full';
  if (reason === ASKED_WHERE_TO_SAVE) return 'ask-where';
  if (reason === 'FILE_TRANSIENT_ERROR') return 'retry';
  // The browser closed under it: nothing wrong with the file, start it again.
  if (reason === 'USER_SHUTDOWN' || reason === SAVED_ELSEWHERE || reason === NOT_A_RECORDING) return 'retry';
  if (reason === LOGIN_PAGE) return 'expired';
  if (/^(SERVER_UNAUTHORIZED|SERVER_FORBIDDEN|HTTP_40[13]|HTTP_410)$/.test(reason)) return 'expired';
  // A link the server has no file for may have been moved or expired: a fresh one is asked for once.
  if (reason === NOT_ON_SERVER) return 'expired';
  if (/^(NETWORK_|SERVER_(FAILED|NO_RANGE|CONTENT_LENGTH_MISMATCH|UNREACHABLE)|CRASH|HTTP_5\d\d)/.test(reason)) return 'retry';
  return 'fatal';
}

/** Every other file would meet the same: the batch waits, with one reason, for the user to act. */
export function pausesBatch(reason: string | null): boolean {
  const kind = reason === null ? null : classifyInterrupt(reason);
  return kind === 'disk-full' || kind === 'ask-where';
}

export function backoffMs(attempts: number): number {
  return Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** Math.max(0, attempts - 1));
}

export function interrupted(item: QueueItem, reason: string, now: number): QueueItem {
  const kind = classifyInterrupt(reason);
  const base = { ...item, downloadId: null, bytes: 0, lastError: reason };
  // Not the item's fault, nor worth an attempt: it waits in its paused batch for the user.
  if (pausesBatch(reason)) return { ...base, state: 'queued', attempts: Math.max(0, item.attempts - 1), notBefore: 0 };
  // A fresh link that the server has no file for either: the call's recording is gone.
  if (reason === NOT_ON_SERVER && item.notFoundBefore) return { ...base, state: 'failed' };
  if (reason === NOT_ON_SERVER) return { ...base, state: 'queued', needsLink: true, notBefore: 0, notFoundBefore: true };
  // A link that expires again and again is not going to work: stop asking the page for it.
  if (kind === 'expired' && item.attempts < MAX_ATTEMPTS) return { ...base, state: 'queued', needsLink: true, notBefore: 0 };
  if (kind === 'retry' && item.attempts < MAX_ATTEMPTS) return { ...base, state: 'queued', notBefore: now + backoffMs(item.attempts) };
  return { ...base, state: 'failed' };
}

export function completed(item: QueueItem, finalPath: string, bytes: number): QueueItem {
  return { ...item, state: 'done', finalPath, bytes, totalBytes: bytes, needsLink: false, notBefore: 0 };
}

/**
 * A download of the item finished at `path`. Only a recording in the asked place is done. A
 * page or an error body that came instead is treated by its meaning (see `notARecording`);
 * one another extension named (`namedByAnother`) fails with that reason (the file stays, it
 * is the user's setup); one the browser put elsewhere by itself is fetched again. The engine
 * removes the file of whatever is not done, but another extension's.
 */
export function landed(
  item: QueueItem,
  found: { path: string; bytes: number; mime?: string },
  namedByAnother: boolean,
  now: number,
): QueueItem {
  const { path, bytes } = found;
  const wrong = notARecording(found.mime, bytes);
  if (wrong) return interrupted(item, wrong, now);
  if (savedInAskedPlace(path, item.filename)) return completed(item, path, bytes);
  if (namedByAnother) return { ...item, state: 'failed', downloadId: null, finalPath: path, bytes, lastError: RENAMED_BY_EXTENSION };
  return interrupted(item, SAVED_ELSEWHERE, now);
}

/** A fresh link for a call whose link expired: the item may start again at once. */
export function withFreshLink(item: QueueItem, recordUrl: string, now: number): QueueItem {
  return {
    ...item,
    record: { ...item.record, recordUrl },
    needsLink: false,
    linkAt: now,
    notBefore: item.needsLink ? 0 : item.notBefore,
    lastError: item.needsLink ? null : item.lastError,
  };
}

/**
 * One link expired: the queued items whose links were read no later than it most likely
 * expired too. They wait for fresh links with it instead of each spending an attempt on
 * a refusal first.
 */
export function alsoExpired(expired: QueueItem, queued: QueueItem[]): QueueItem[] {
  const at = expired.linkAt ?? 0;
  // An expired login is every link's: they wait for the user to sign in again, and say so.
  const login = expired.lastError === LOGIN_PAGE;
  return queued
    .filter((i) => i.state === 'queued' && !i.needsLink && (login || (i.linkAt ?? 0) <= at))
    .map((i) => ({ ...i, needsLink: true, lastError: login ? LOGIN_PAGE : i.lastError }));
}

/**
 * Calls whose items still wait to download, in the order they will start: `wanted` for a
 * link now (those of running batches whose link is due), `welcome` to get one before
 * theirs expires too. A paused batch's calls are only welcome: fetched one by one, they
 * would hold up the running batches' links and expire before the batch goes on.
 */
export function linksWanted(items: QueueItem[], batches: Batch[], now: number): { wanted: string[]; welcome: string[] } {
  const created = new Map(batches.filter((b) => b.state === 'running' || b.state === 'paused').map((b) => [b.id, b.createdAt]));
  const running = new Set(batches.filter((b) => b.state === 'running').map((b) => b.id));
  const waiting = items
    .filter((i) => i.state === 'queued' && created.has(i.batchId))
    .sort((a, b) => created.get(a.batchId)! - created.get(b.batchId)! || a.order - b.order);
  const due = (i: QueueItem) => i.needsLink && running.has(i.batchId) && i.notBefore <= now;
  const wanted = waiting.filter(due).map((i) => i.sessionId);
  const asked = new Set(wanted);
  const welcome = [...new Set(waiting.filter((i) => !due(i) && !asked.has(i.sessionId)).map((i) => i.sessionId))];
  return { wanted, welcome };
}

/**
 * Queued items given the fresh links the page found: an expired one may start again, one
 * still waiting swaps its old link for the new. Only safe links are taken; items whose
 * link did not change are left out (see `linksNotGiven` for those waiting on it).
 */
export function applyFreshLinks(items: QueueItem[], links: ReadonlyMap<string, string>, now: number): QueueItem[] {
  const out: QueueItem[] = [];
  for (const item of items) {
    const url = links.get(item.sessionId);
    if (item.state !== 'queued' || !url || !recordingLink(url)) continue;
    if (url === item.record.recordUrl) continue;
    out.push(withFreshLink(item, url, now));
  }
  return out;
}

/** Item errors for calls the page could give no link for (see `LinkUnavailableReason`). */
export const LINK_NEEDS_CLICK = 'LINK_NEEDS_CLICK';
const NO_LINK_GIVEN = 'NO_LINK_GIVEN';
export const LINK_REQUEST_FAILED = 'LINK_REQUEST_FAILED';
/** The page gave the very link that had expired: it would only be refused again. */
export const LINK_STALE = 'LINK_STALE';

/**
 * Asking for the link failed, or gave the expired one again: it is asked again after a
 * backoff, as a failed download is tried again, and fails after as many attempts.
 */
function askLinkAgain(item: QueueItem, error: string, now: number): QueueItem {
  const attempts = item.attempts + 1;
  if (attempts >= MAX_ATTEMPTS) return { ...item, attempts, state: 'failed', lastError: error };
  return { ...item, attempts, lastError: error, needsLink: true, notBefore: now + backoffMs(attempts) };
}

/**
 * Items waiting for a link the page did not give. Until the page is seen fetching one they
 * wait and say what the user can do (`needs-click`); a call the page gives no link for
 * fails with its reason (retry-failed asks again); a request that failed, or an expired
 * link given again, is asked again later.
 */
export function linksNotGiven(
  items: QueueItem[],
  links: ReadonlyMap<string, string>,
  unavailable: ReadonlyMap<string, LinkUnavailableReason>,
  running: ReadonlySet<string>,
  now: number,
): QueueItem[] {
  const out: QueueItem[] = [];
  for (const item of items) {
    if (item.state !== 'queued' || !item.needsLink) continue;
    // Only a call that was asked about is charged: a paused batch's, or one waiting out a
    // backoff, was at most welcome, and the page sends back whatever link it holds for those.
    const asked = running.has(item.batchId) && item.notBefore <= now;
    const given = links.get(item.sessionId);
    const reason = unavailable.get(item.sessionId);
    if (given !== undefined) {
      if (given === item.record.recordUrl && asked) out.push(askLinkAgain(item, LINK_STALE, now));
    } else if (!asked) continue;
    else if (reason === 'needs-click') {
      if (item.lastError !== LINK_NEEDS_CLICK) out.push({ ...item, lastError: LINK_NEEDS_CLICK });
    } else if (reason === 'no-link') out.push({ ...item, state: 'failed', lastError: NO_LINK_GIVEN });
    else if (reason === 'request-failed') out.push(askLinkAgain(item, LINK_REQUEST_FAILED, now));
  }
  return out;
}

/** What the browser knows of an item's download after a worker or browser restart. */
export type BrowserDownload =
  | { state: 'complete'; path: string; bytes: number; mime?: string }
  | { state: 'in_progress' }
  | { state: 'interrupted'; error: string; path?: string }
  | undefined;

/**
 * An item that was `downloading` when the worker died: done, still going, or back in the
 * queue. Never started twice. After a restart (`recovering`), a download the browser
 * canceled went down with the browser, not by the user's hand: it is retried.
 */
export function reconcile(item: QueueItem, found: BrowserDownload, now: number, recovering = false): QueueItem {
  if (item.state !== 'downloading') return item;
  if (!found) return { ...item, state: 'queued', downloadId: null, notBefore: 0 };
  if (found.state === 'complete') return landed(item, found, item.lastError === RENAMED_BY_EXTENSION, now);
  if (found.state === 'in_progress') return item;
  // Canceled before it had a path: the user could not have reached it in the download list yet.
  const unasked = found.error === 'USER_CANCELED' && found.path === '' ? ASKED_WHERE_TO_SAVE : found.error;
  return interrupted(item, recovering && found.error === 'USER_CANCELED' ? 'USER_SHUTDOWN' : unasked, now);
}

/** A running batch is over when nothing is left to do; paused and canceled stay as the user set them. */
export function deriveBatchState(batch: Batch, items: QueueItem[]): BatchState {
  const count = (state: ItemState) => items.filter((i) => i.state === state).length;
  return batchStateFromCounts(batch, { open: count('queued') + count('downloading'), failed: count('failed') });
}

/** The same, from how many items are still open (queued or downloading) and how many failed. */
export function batchStateFromCounts(batch: Batch, counts: { open: number; failed: number }): BatchState {
  if (batch.state === 'canceled' || batch.state === 'paused') return batch.state;
  if (counts.open > 0) return 'running';
  return counts.failed > 0 ? 'failed' : 'done';
}

/** A queued item of a canceled batch: not downloaded, and says why. */
export function canceled(item: QueueItem): QueueItem {
  return item.state === 'queued' ? { ...item, state: 'skipped', skipReason: 'canceled', needsLink: false, notBefore: 0 } : item;
}

/** Failed items of a batch go back into the queue with a clean slate. */
export function retryFailed(items: QueueItem[]): QueueItem[] {
  return items.map((i) => (i.state === 'failed' ? { ...i, state: 'queued' as const, attempts: 0, lastError: null, notBefore: 0 } : i));
}

export interface BatchProgress {
  total: number;
  done: number;
  failed: number;
  skipped: number;
  bytes: number;
}

export function progressOf(items: readonly Pick<QueueItem, 'state' | 'bytes'>[]): BatchProgress {
  const p = { total: items.length, done: 0, failed: 0, skipped: 0, bytes: 0 };
  for (const i of items) {
    if (i.state === 'done') p.done++;
    else if (i.state === 'failed') p.failed++;
    else if (i.state === 'skipped') p.skipped++;
    p.bytes += i.bytes;
  }
  return p;
}
