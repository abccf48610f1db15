/** The only page the extension works on, and the only hosts it downloads from. */
export const WORKBENCH_ORIGIN = 'https://tccc.qcloud.com';

/** Tencent COS, where TCCC keeps recordings. */
export const COS_HOST_SUFFIXES = ['.myqcloud.com', '.tencentcos.cn'];

export function isWorkbenchUrl(url: string | undefined): boolean {
  if (!url) return false;
  try {
    return new URL(url).origin === WORKBENCH_ORIGIN;
  } catch {
    return false;
  }
}

/**
 * Where a recording may be fetched from, as an https URL, or null when it must not be.
 * Older records carry plain-http COS links; COS serves the same object over https,
 * so such a link is upgraded rather than refused.
 */
export function safeRecordingUrl(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw, WORKBENCH_ORIGIN);
  } catch {
    return null;
  }
  if (url.username || url.password) return null;
  const cos = COS_HOST_SUFFIXES.some((s) => url.hostname.endsWith(s) && url.hostname.length > s.length);
  if (url.protocol === 'http:' && cos) url.protocol = 'https:';
  if (url.protocol !== 'https:') return null;
  if (url.origin === WORKBENCH_ORIGIN || (cos && url.port === '')) return url.href;
  return null;
}

/** Where a call's recording is downloaded from: its `RecordURL`, else its COS copy, if either is safe. */
export function recordingUrlOf(record: { recordUrl: string | null; customRecordUrl: string | null }): string | null {
  return safeRecordingUrl(record.recordUrl) ?? safeRecordingUrl(record.customRecordUrl);
}
