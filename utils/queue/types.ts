import type { CallRecord } from '../record/record';

export type ItemState = 'queued' | 'downloading' | 'done' | 'failed' | 'skipped';
export type BatchState = 'running' | 'paused' | 'done' | 'failed' | 'canceled';
/** `canceled`: its batch was canceled before it was downloaded. */
type SkipReason = 'no-recording' | 'duplicate' | 'unsafe-url' | 'canceled';

export interface QueueItem {
  /** `<batchId>:<sessionId>`: one item per call per batch. */
  id: string;
  batchId: string;
  sessionId: string;
  record: CallRecord;
  state: ItemState;
  /** Downloads started for this item, retries included. */
  attempts: number;
  lastError: string | null;
  skipReason: SkipReason | null;
  /** The browser's download id while one is under way or finished. */
  downloadId: number | null;
  /** Where we asked the browser to save it, relative to the download folder. */
  filename: string;
  /** Where the browser says it saved it. */
  finalPath: string | null;
  bytes: number;
  totalBytes: number;
  /** Not to be started before this time (ms since epoch): a retry's backoff. */
  notBefore: number;
  /** Waits for a link from an open workbench tab: its link expired, or the page gives links only on demand. */
  needsLink: boolean;
  /** When the item's link was read from the page (ms since epoch): links read together expire together. */
  linkAt: number;
  /** When the current attempt was claimed (ms since epoch), to find its download after a crash. */
  startedAt: number;
  /** The server had no file at an earlier link of the call (404): a second time, it fails. */
  notFoundBefore?: boolean;
  /** Position in its batch, for a stable order. */
  order: number;
}

export interface Batch {
  id: string;
  /** The folder name of the batch, e.g. `20261124-093005`. */
  label: string;
  createdAt: number;
  state: BatchState;
  total: number;
  /** Set when the batch finished without its manifest; null (or absent) when it has one. */
  noManifest?: ManifestFailure | null;
}

/**
 * Why a finished batch has no `清单.csv`: `reason` is the browser's interrupt reason
 * (`FILE_NO_SPACE`…), `refused` (the download was not started), `no-blob` (no URL could
 * be made for it) or `timeout`; `detail` is the browser's own words.
 */
export interface ManifestFailure {
  reason: string;
  detail: string;
}
