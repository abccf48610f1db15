import { findRecordArrays } from './record-shape';
import { normalizeRecords } from './normalize';
import { workbenchAppOf } from '../extension/origins';
import type { CallRecord } from '../record/record';

/**
 * The call records an answer of the page holds, normalized, each tied to the workbench app
 * (SdkAppId) of the page that got them: that app's tabs alone are asked for their links later.
 * `found`: how many objects looked like records, kept or dropped.
 */
export function answerRecords(json: unknown, pageHref: string): { records: CallRecord[]; found: number; dropped: Record<string, number> } {
  const raws = findRecordArrays(json).flat();
  if (!raws.length) return { records: [], found: 0, dropped: {} };
  const { records, dropped } = normalizeRecords(raws);
  const app = workbenchAppOf(pageHref);
  return { records: app ? records.map((r) => ({ ...r, sdkAppId: app })) : records, found: raws.length, dropped };
}
