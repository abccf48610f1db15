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

/**
 * The seed's name first (used in diagnostics), then other names the console's versions and
 * locales may give the same column. Where one name holds another (座席 in 座席工号), the
 * longer match wins, so short aliases stay safe.
 */
export const COLUMN_NAMES: Readonly<Record<ColumnKey, readonly string[]>> = {
  time: ['时间', '开始时间', '呼叫时间', '通话开始时间'],
  direction: ['呼叫类型', '呼叫方向', '通话类型'],
  seatDevice: ['座席操作端', '坐席操作端'],
  caller: ['主叫号码', '主叫'],
  callee: ['被叫号码', '被叫'],
  remark: ['备注'],
  status: ['接入状态', '通话状态', '结束状态'],
  duration: ['通话时长', '时长'],
  agentName: ['客服名称', '客服姓名', '座席名称', '坐席名称', '座席', '坐席'],
  staffNo: ['客服工号', '座席工号', '坐席工号', '工号'],
  skillGroup: ['技能组'],
  satisfaction: ['满意度评价', '满意度', '评价'],
  hangup: ['挂断方', '挂机方', '挂断方向'],
};

export const COLUMN_KEYS = Object.keys(COLUMN_NAMES) as ColumnKey[];

/**
 * What a header says, without what carries no meaning: full-width forms, whitespace, the
 * `*` of a required field, colons, sort and filter arrows.
 */
export function headerText(text: string): string {
  return text.normalize('NFKC').replace(/[\s\u200b*:↑↓↕⇅▲▼△▽⬆⬇]+/g, '');
}

/**
 * Header texts the user said mean a field (in the options, for a page that renamed a
 * column), checked before the built-in names. One map for the whole content script: every
 * reading of the page's headers goes through `claim`.
 */
let userNames: ReadonlyMap<string, ColumnKey> = new Map();

export function setUserColumnNames(names: Readonly<Record<string, string>>): void {
  const known = new Set<string>(COLUMN_KEYS);
  userNames = new Map(
    Object.entries(names)
      .map(([text, key]) => [headerText(text), key] as const)
      .filter((e): e is [string, ColumnKey] => e[0] !== '' && known.has(e[1])),
  );
}

interface Claim {
  key: ColumnKey;
  exact: boolean;
  /** Where the name starts in the text: a header's own title comes before any tooltip it holds. */
  at: number;
}

function claim(text: string): Claim | null {
  const named = userNames.get(text);
  if (named) return { key: named, exact: true, at: 0 };
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
  for (const { c, claim: won } of claims) if (columns[won.key] === undefined) columns[won.key] = c.index;
  return columns;
}
