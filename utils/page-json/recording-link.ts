/**
 * What a recording link is, in one place: the tap's text filter, the normalizer, the link
 * learner and the queue all ask here. A link is an absolute `https:` URL on the workbench
 * or a Tencent COS host (an old plain-`http:` COS link is upgraded: COS serves the same
 * object over https). Anything else, the page's placeholders for "no recording" (`-`, `0`,
 * `null`, `无`, `#`) and relative paths among them, is no link: it is never resolved against
 * the workbench, so it can neither look like a recording nor hide a real one beside it.
 */
import { isCosHost, WORKBENCH_ORIGIN } from '../extension/origins';

/** File types a recording link names, for links whose key says nothing. */
export const AUDIO_EXTENSIONS = ['mp3', 'wav', 'm4a', 'ogg', 'aac', 'amr', 'opus'];
/** Keys that name a recording link whatever it looks like, spelled loosely (see loose-fields.ts). */
export const LINK_KEYS = ['recordurl', 'customrecordurl', 'recordingurl', 'audiourl', 'playurl', 'downloadurl'];

/** Signed COS links run to a few hundred characters; ten times that is not a link. */
const MAX_LINK_CHARS = 4096;

const AUDIO_PATH = /* @__PURE__ */ new RegExp(`\\.(${AUDIO_EXTENSIONS.join('|')})$`, 'i');

/** The link as it is fetched (https, upgraded where it was plain-http COS), or null when `raw` is no recording link. */
export function recordingLink(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const text = raw.trim();
  if (text.length > MAX_LINK_CHARS || !/^https?:\/\/[^/]/i.test(text)) return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.username || url.password || url.pathname === '/') return null;
  const cos = isCosHost(url.hostname) && url.port === '';
  if (url.protocol === 'http:' && cos) url.protocol = 'https:';
  if (url.protocol !== 'https:') return null;
  return url.origin === WORKBENCH_ORIGIN || cos ? url.href : null;
}

/** Where a call's recording is downloaded from: its `RecordURL`, else its COS copy; a placeholder in one never hides the other. */
export function recordingUrlOf(record: { recordUrl: string | null; customRecordUrl: string | null }): string | null {
  return recordingLink(record.recordUrl) ?? recordingLink(record.customRecordUrl);
}

/**
 * Whether a string found under `key` in a page's answer is a recording link: a link by the
 * definition above whose key names one, or that is an audio file, or that lies on COS. Any
 * other link (a record's page, say) is not: learning from it would learn the wrong request.
 */
export function isRecordingLinkUnder(value: unknown, looseKeyName: string): value is string {
  const link = recordingLink(value);
  if (!link) return false;
  const url = new URL(link);
  return LINK_KEYS.includes(looseKeyName) || AUDIO_PATH.test(url.pathname) || isCosHost(url.hostname);
}
