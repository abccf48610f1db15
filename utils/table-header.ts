/**
 * Which of the records table's columns a header text names. The page's column names
 * (from the product's own documentation) are the one thing about its table we can
 * rely on: not class names, not column order, not the route.
 */

export type ColumnKey =
  | 'time'
  | 'direction'
  | 'seatDevice'
  | 'caller'
  | 'callee'
  | 'remark'
  | 'status'
  | 'duration'
  | 'agentName'
  | 'staffNo'
  | 'skillGroup'
  | 'satisfaction'
  | 'hangup';

/** The seed's name first (used in diagnostics), then spellings seen for the same column. */
export const COLUMN_NAMES: Readonly<Record<ColumnKey, readonly string[]>> = {
  time: ['时间'],
  direction: ['呼叫类型'],
  seatDevice: ['座席操作端', '坐席操作端'],
  caller: ['主叫号码'],
  callee: ['被叫号码'],
  remark: ['备注'],
  status: ['接入状态'],
  duration: ['通话时长'],
  agentName: ['客服名称'],
  staffNo: ['客服工号'],
  skillGroup: ['技能组'],
  satisfaction: ['满意度评价', '满意度'],
  hangup: ['挂断方'],
};

export const COLUMN_KEYS = Object.keys(COLUMN_NAMES) as ColumnKey[];

/** Whitespace, sort arrows and the like carry no meaning in a header. */
export function headerText(text: string): string {
  return text.replace(/[\s\u200b\u00a0]+/g, '');
}

interface Claim {
  key: ColumnKey;
  exact: boolean;
  /** Where the name starts in the text: a header's own title comes before any tooltip it holds. */
  at: number;
}

function claim(text: string): Claim | null {
  let best: Claim | null = null;
  let bestLength = 0;
  for (const key of COLUMN_KEYS) {
    for (const name of COLUMN_NAMES[key]) {
      if (text === name) return { key, exact: true, at: 0 };
      const at = text.indexOf(name);
      if (at < 0) continue;
      if (!best || at < best.at || (at === best.at && name.length > bestLength)) {
        best = { key, exact: false, at };
        bestLength = name.length;
      }
    }
  }
  return best;
}

/**
 * Maps header texts (in visual order, with their visual index) to columns. A cell
 * whose text is exactly a name wins over one that merely contains it; otherwise the
 * first cell claiming a column keeps it.
 */
export function mapHeaders(cells: { text: string; index: number }[]): Partial<Record<ColumnKey, number>> {
  const claims = cells
    .map((c, order) => ({ c, order, claim: claim(headerText(c.text)) }))
    .filter((x): x is { c: { text: string; index: number }; order: number; claim: Claim } => x.claim !== null)
    .sort((a, b) => Number(b.claim.exact) - Number(a.claim.exact) || a.order - b.order);
  const columns: Partial<Record<ColumnKey, number>> = {};
  for (const { c, claim } of claims) if (columns[claim.key] === undefined) columns[claim.key] = c.index;
  return columns;
}
