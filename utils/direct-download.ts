import type { CallRecord } from './record';
import { safeRecordingUrl } from './origins';
import { compactDateTime, defaultRecordingPath } from './record-name';

export interface DownloadOptions {
  url: string;
  filename: string;
  conflictAction: 'uniquify';
  saveAs: false;
}

function isCallRecord(value: unknown): value is CallRecord {
  const r = value as Partial<CallRecord> | null;
  return !!r && typeof r === 'object' && typeof r.sessionId === 'string' && r.sessionId !== '';
}

/**
 * Hands each record's recording to the browser's download manager at once.
 * Stands in until the persistent queue exists: no retries, no dedupe.
 */
export async function startDirectDownloads(
  records: unknown[],
  download: (options: DownloadOptions) => Promise<number>,
  root: string,
  now = Date.now(),
): Promise<{ accepted: number; rejected: number }> {
  const batchLabel = compactDateTime(Math.floor(now / 1000));
  let accepted = 0;
  for (const record of records) {
    if (!isCallRecord(record)) continue;
    const url = safeRecordingUrl(record.recordUrl) ?? safeRecordingUrl(record.customRecordUrl);
    if (!url) continue;
    await download({ url, filename: defaultRecordingPath(record, batchLabel, root), conflictAction: 'uniquify', saveAs: false });
    accepted++;
  }
  return { accepted, rejected: records.length - accepted };
}
