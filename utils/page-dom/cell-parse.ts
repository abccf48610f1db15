/**
 * What one row of the page's table says of its call, read from its texts: what filters
 * judge a row by while it is not tied to a call (see call-index.ts). It has no session id,
 * and so can never be selected or downloaded.
 */
import type { CallRecord } from '../record/record';
import type { ColumnKey } from './table-header';
import { displayNumber } from '../record/phone';
import { statusFromLabel } from '../record/status';
import { NOT_RATED } from '../record/record-labels';
import {
  isBlankText,
  parseDirectionText,
  parseDurationText,
  parseHangupText,
  parseSeatDeviceText,
  parseTimeText,
} from '../record/call-text';

/** The usual words for "not rated". */
const NOT_RATED_TEXTS = new Set([NOT_RATED, '未评', '暂无评价', '无评价']);

function text(cells: Partial<Record<ColumnKey, string>>, key: ColumnKey): string {
  const t = (cells[key] ?? '').trim();
  return isBlankText(t) ? '' : t;
}

export function recordFromCells(cells: Partial<Record<ColumnKey, string>>): CallRecord {
  const startTime = parseTimeText(cells.time ?? '');
  const caller = displayNumber(text(cells, 'caller'));
  const callee = displayNumber(text(cells, 'callee'));
  const duration = parseDurationText(cells.duration ?? '') ?? 0;
  const rating = text(cells, 'satisfaction');
  return {
    sessionId: '',
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
    satisfaction: rating && !NOT_RATED_TEXTS.has(rating.replace(/\s+/g, '')) ? rating : null,
    hangup: parseHangupText(cells.hangup ?? ''),
    recordUrl: null,
    customRecordUrl: null,
    linkOnDemand: false,
    source: 'table',
  };
}
