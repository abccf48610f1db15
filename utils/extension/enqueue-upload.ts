/**
 * A selection goes from the page tools to the queue in parts: each message stays small
 * whatever the selection's size (a message's cost grows faster than its size, and the browser
 * caps it), and the background checks each part as it comes while the page sends the next.
 * The batch is made only once every part is in: a worker stopped halfway leaves nothing
 * behind, and the page sends the whole selection again.
 */
import type { CallRecord } from '../record/record';
import { recordsFromWire, recordsToWire } from '../record/record-wire';
import type { EnqueueReply } from './messages';
import type { WireCalls } from '../queue/pending';

/** Records a part carries. */
export const PART_RECORDS = 5_000;
/** More parts than this is not a selection: 5 million calls. */
const MAX_PARTS = 1_000;
/** A part not followed by the rest within this long was left by a page that went away. */
const UPLOAD_TTL_MS = 5 * 60_000;

/** One part of a selection: `records` in wire text (record-wire.ts), `part` of `parts` of upload `upload`. */
export interface EnqueuePart {
  type: 'enqueue';
  upload: string;
  part: number;
  parts: number;
  records: string;
  pageUrl: string;
  force?: boolean;
}

/** The answer to a part that is not the last in: received, the batch not made yet. */
export type PartReply = { ok: true; part: number };
/** Told to the page when parts went missing (the worker was stopped halfway): it sends them all again. */
const UPLOAD_LOST = 'upload-lost';

/** The messages that carry `records`, each made as it is asked for. */
export function* enqueueParts(
  records: readonly CallRecord[],
  opts: { pageUrl: string; force: boolean; upload?: string },
): Generator<EnqueuePart> {
  const upload = opts.upload ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
  const parts = Math.max(1, Math.ceil(records.length / PART_RECORDS));
  for (let part = 0; part < parts; part++) {
    const slice = records.slice(part * PART_RECORDS, (part + 1) * PART_RECORDS);
    yield { type: 'enqueue', upload, part, parts, records: recordsToWire(slice), pageUrl: opts.pageUrl, force: opts.force };
  }
}

/**
 * Sends `records` to the queue in parts, each on its way as soon as it is written (the queue
 * checks one while the page writes the next), and answers what the queue answered once it
 * made the batch. Parts lost to a stopped worker are sent again, all of them, once.
 */
export async function sendEnqueue(
  records: readonly CallRecord[],
  send: (part: EnqueuePart) => Promise<unknown>,
  opts: { pageUrl: string; force: boolean },
): Promise<EnqueueReply> {
  for (let attempt = 0; ; attempt++) {
    const sent: Promise<unknown>[] = [];
    for (const part of enqueueParts(records, opts)) sent.push(send(part).catch((error: unknown) => ({ ok: false, error: String(error) })));
    const replies = await Promise.all(sent);
    const made = replies.find((r): r is EnqueueReply => !!r && typeof r === 'object' && 'batchId' in r);
    if (made) return made;
    const refused = replies.find(
      (r): r is { ok: false; error: string } => !!r && typeof r === 'object' && (r as { ok?: unknown }).ok === false,
    );
    if (attempt > 0) return refused ?? { ok: false, error: UPLOAD_LOST };
  }
}

interface Upload {
  from: string;
  app: string | null;
  at: number;
  parts: (CallRecord[] | undefined)[];
  texts: string[];
  received: number;
  rejected: number;
}

/**
 * The background's side: parts kept until their selection is whole, each checked as it comes
 * (`recordsFromWire`, with `app`, the sending tab's workbench app, where a record names none).
 * Parts of one upload must all come from the same sender (`from`). The whole selection comes
 * with its wire text, to be saved as it came.
 */
export function createUploads(now: () => number = Date.now) {
  const uploads = new Map<string, Upload>();
  return {
    /**
     * Takes a part. Answers the whole selection once its last part is in, `null` while parts are
     * missing; throws on a part that does not fit the upload it names.
     */
    add(part: EnqueuePart, from: string, app: string | null = null): { records: CallRecord[]; rejected: number; calls: WireCalls } | null {
      for (const [id, u] of uploads) if (now() - u.at > UPLOAD_TTL_MS) uploads.delete(id);
      if (
        !Number.isInteger(part.parts) ||
        part.parts < 1 ||
        part.parts > MAX_PARTS ||
        !Number.isInteger(part.part) ||
        part.part < 0 ||
        part.part >= part.parts
      ) {
        throw new Error('bad part');
      }
      let upload = uploads.get(part.upload);
      if (!upload)
        uploads.set(
          part.upload,
          (upload = { from, app, at: now(), parts: new Array(part.parts), texts: new Array(part.parts), received: 0, rejected: 0 }),
        );
      if (upload.from !== from || upload.parts.length !== part.parts || upload.parts[part.part]) throw new Error('bad part');
      const { records, rejected } = recordsFromWire(part.records, upload.app);
      upload.parts[part.part] = records;
      upload.texts[part.part] = part.records;
      upload.received++;
      upload.rejected += rejected;
      if (upload.received < part.parts) return null;
      uploads.delete(part.upload);
      return { records: upload.parts.flatMap((p) => p!), rejected: upload.rejected, calls: { texts: upload.texts, app: upload.app } };
    },
  };
}
