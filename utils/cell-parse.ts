/**
 * A `CallRecord` from the texts of one row of the page's table, for when the page's
 * JSON was not seen (or not yet): the table is then the only source. Also the key that
 * joins such a row to the tap record of the same call.
 */
import type { CallRecord } from './record';
import type { ColumnKey } from './table-header';
import { displayNumber, numberKey } from './phone';
import { statusFromLabel } from './status';
import {
  isBlankText,
  parseDirectionText,
  parseDurationText,
  parseHangupText,
  parseSeatDeviceText,
  parseTimeText,
} from './call-text';

/** Placeholders the page shows in empty cells, and the usual words for "not rated". */
const NOT_RATED = new Set(['未评价', '未评', '暂无评价', '无评价']);

function text(cells: Partial<Record<ColumnKey, string>>, key: ColumnKey): string {
  const t = (cells[key] ?? '').trim();
  return isBlankText(t) ? '' : t;
}

/**
 * A call's identity when only its row is known: start time plus both numbers, in the
 * forms `numberKey` makes, so `joinKey` of the tap record of the same call agrees.
 */
export function rowKey(r: { startTime: number | null; caller: string; callee: string }): string {
  return `row:${r.startTime ?? ''}:${numberKey(r.caller)}:${numberKey(r.callee)}`;
}

/** The key a tap record would have as a table row; equal to `rowKey` of its row. */
export function joinKey(record: CallRecord): string {
  return rowKey(record);
}

export function recordFromCells(cells: Partial<Record<ColumnKey, string>>): CallRecord {
  const startTime = parseTimeText(cells.time ?? '');
  const caller = displayNumber(text(cells, 'caller'));
  const callee = displayNumber(text(cells, 'callee'));
  const duration = parseDurationText(cells.duration ?? '') ?? 0;
  const rating = text(cells, 'satisfaction');
  return {
    sessionId: rowKey({ startTime, caller, callee }),
    startTime,
    direction: parseDirectionText(cells.direction ?? ''),
    seatDevice: parseSeatDeviceText(cells.seatDevice ?? ''),
    caller,
    callee,
    remark: text(cells, 'remark'),
    status: statusFromLabel(text(cells, 'status'), duration),
    duration,
    agentName: text(cells, 'agentName'),
    staffNo: text(cells, 'staffNo'),
    skillGroup: text(cells, 'skillGroup'),
    satisfaction: rating && !NOT_RATED.has(rating.replace(/\s+/g, '')) ? rating : null,
    hangup: parseHangupText(cells.hangup ?? ''),
    recordUrl: null,
    customRecordUrl: null,
    // Known by its row alone, the call has no id the page would fetch its link by, so it
    // cannot wait for one; it counts as without a recording unless its JSON is seen.
    linkOnDemand: false,
    source: 'table',
  };
}
