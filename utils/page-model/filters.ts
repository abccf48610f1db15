/**
 * The quick filters: pure functions of records and a filter state, with the live
 * count each chip shows. Chips of one group are OR-ed, groups are AND-ed.
 */
import { hasRecording, type CallRecord } from '../record/record';

export type FilterGroup = 'satisfaction' | 'hangup' | 'direction' | 'connected' | 'recording';
export const FILTER_GROUPS: readonly FilterGroup[] = ['satisfaction', 'hangup', 'direction', 'connected', 'recording'];

export interface FilterState {
  chips: Partial<Record<FilterGroup, string[]>>;
  /** Seconds; 0 = off. */
  minDuration: number;
  text: string;
}

export const EMPTY_FILTER: FilterState = Object.freeze({ chips: Object.freeze({}), minDuration: 0, text: '' }) as FilterState;

/** The values a group can take besides satisfaction labels, which come from the data. */
const FIXED_VALUES: Readonly<Record<Exclude<FilterGroup, 'satisfaction'>, readonly string[]>> = {
  hangup: ['seat', 'user', 'system', 'unknown'],
  direction: ['in', 'out', 'unknown'],
  connected: ['yes', 'no'],
  recording: ['yes', 'no'],
};
/** The satisfaction chip of calls not rated: a value apart from every label the data gives. */
export const NOT_RATED_CHIP = 'none';

export function chipValue(record: CallRecord, group: FilterGroup): string {
  switch (group) {
    case 'satisfaction':
      return record.satisfaction ?? NOT_RATED_CHIP;
    case 'hangup':
      return record.hangup ?? 'unknown';
    case 'direction':
      return record.direction ?? 'unknown';
    case 'connected':
      return record.status.connected ? 'yes' : 'no';
    case 'recording':
      return hasRecording(record) ? 'yes' : 'no';
  }
}

// ── text search ────────────────────────────────────────────────────────────────

/** Built once per record object: records are replaced, never changed, so the cache stays true. */
const haystacks = new WeakMap<CallRecord, { text: string; digits: string }>();

function haystack(r: CallRecord) {
  let h = haystacks.get(r);
  if (!h) {
    h = {
      text: [r.caller, r.callee, r.agentName, r.staffNo, r.skillGroup, r.remark].join('\n').toLowerCase(),
      // Numbers with their China prefix kept too, so '0086…' as typed from the API also finds them.
      digits: `${r.caller.replace(/\D+/g, '')}\n${r.callee.replace(/\D+/g, '')}`,
    };
    haystacks.set(r, h);
  }
  return h;
}

interface Query {
  text: string;
  /** Set when the query is a phone number typed with spaces, dashes or a +: '138 1234', '+86 138-1234'. */
  digits: string;
}

function compileQuery(text: string): Query | null {
  const t = text.trim().toLowerCase();
  if (!t) return null;
  const looksLikeNumber = /^[\d\s\-+()（）.]+$/.test(t) && /\d/.test(t);
  let digits = looksLikeNumber ? t.replace(/\D+/g, '') : '';
  if (digits.startsWith('0086')) digits = digits.slice(4);
  else if (t.startsWith('+86')) digits = digits.slice(2);
  return { text: t, digits };
}

function textMatches(r: CallRecord, q: Query): boolean {
  const h = haystack(r);
  return h.text.includes(q.text) || (q.digits !== '' && h.digits.includes(q.digits));
}

// ── matching ───────────────────────────────────────────────────────────────────

interface Compiled {
  minDuration: number;
  query: Query | null;
  /** One entry per group with a selection, in FILTER_GROUPS order. */
  selections: { group: FilterGroup; bit: number; values: ReadonlySet<string> }[];
}

/** `matches` runs once per row with the same state: compile each state once. */
const compiled = new WeakMap<FilterState, Compiled>();

function compile(f: FilterState): Compiled {
  const known = compiled.get(f);
  if (known) return known;
  const selections: Compiled['selections'] = [];
  FILTER_GROUPS.forEach((group, i) => {
    const values = f.chips[group];
    if (values?.length) selections.push({ group, bit: 1 << i, values: new Set(values) });
  });
  // biome-ignore lint/complexity/useMathMinMax: an emptied field (NaN) turns the minimum off, where Math.max would keep NaN.
  const c = { minDuration: f.minDuration > 0 ? f.minDuration : 0, query: compileQuery(f.text), selections };
  compiled.set(f, c);
  return c;
}

function passesBase(r: CallRecord, c: Compiled): boolean {
  return r.duration >= c.minDuration && (c.query === null || textMatches(r, c.query));
}

/** The groups whose selection the record is outside of, as bits. */
function failedGroups(r: CallRecord, c: Compiled): number {
  let mask = 0;
  for (const s of c.selections) if (!s.values.has(chipValue(r, s.group))) mask |= s.bit;
  return mask;
}

export function matches(record: CallRecord, f: FilterState): boolean {
  const c = compile(f);
  return passesBase(record, c) && failedGroups(record, c) === 0;
}

export interface FilterResult {
  /** The matching records, in order; made when first read (a click needs only `count`). */
  readonly matching: CallRecord[];
  /** How many records match. */
  count: number;
  /**
   * Per group and value: how many records would match if that value were the only
   * one chosen in its group, every other group, the duration and the text still
   * applying (faceted counts). Every known value is present, with 0 when none match.
   */
  counts: Record<FilterGroup, Record<string, number>>;
  /**
   * The values of each group in display order. Satisfaction labels are the admin's
   * own, so their order cannot be known: they come in order of first appearance in
   * `records` (stable while the page's data is), then values still selected but no
   * longer in the data (so they can be unselected), then `none` last. Object key
   * order in `counts` follows this, except that integer-like labels ("1", "5") are
   * put first by JavaScript itself: read `values` when order matters.
   */
  values: Record<FilterGroup, string[]>;
}

/**
 * What a chip click must not redo for every record: each record's value in each group as a
 * small number, and the satisfaction labels in order of first appearance. Built once per
 * records array (a new page or a new collection is a new array; records are replaced, never
 * changed), so a click is one pass of table look-ups over typed arrays.
 */
interface RecordsIndex {
  /** Per group, the values a code stands for: codes index into this. */
  values: string[][];
  /** Per group, each record's value as a code. */
  codes: Uint32Array[];
  /** Per group, how many records have each code: the counts when nothing is chosen. */
  histograms: Uint32Array[];
  /** Satisfaction labels in order of first appearance. */
  labels: string[];
}

const indexes = new WeakMap<readonly CallRecord[], RecordsIndex>();

function indexOf(records: readonly CallRecord[]): RecordsIndex {
  const known = indexes.get(records);
  if (known && known.codes[0]!.length === records.length) return known;
  const lookups = FILTER_GROUPS.map(() => new Map<string, number>());
  const values: string[][] = FILTER_GROUPS.map(() => []);
  const codes = FILTER_GROUPS.map(() => new Uint32Array(records.length));
  const labels = new Set<string>();
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    if (r.satisfaction !== null) labels.add(r.satisfaction);
    for (let g = 0; g < FILTER_GROUPS.length; g++) {
      const v = chipValue(r, FILTER_GROUPS[g]!);
      let code = lookups[g]!.get(v);
      if (code === undefined) {
        code = values[g]!.length;
        lookups[g]!.set(v, code);
        values[g]!.push(v);
      }
      codes[g]![i] = code;
    }
  }
  const histograms = values.map((v, g) => {
    const h = new Uint32Array(v.length);
    for (const code of codes[g]!) h[code]!++;
    return h;
  });
  const index = { values, codes, histograms, labels: [...labels] };
  indexes.set(records, index);
  return index;
}

/**
 * One pass over the records. For each record the groups it fails are a bitmask: no
 * bit set, it matches and counts for its value in every group; exactly one bit set
 * (group G), it counts only for its value in G, because choosing that value alone in
 * G would let it through; two or more, it counts nowhere.
 */
export function applyFilters(records: CallRecord[], f: FilterState): FilterResult {
  const c = compile(f);
  const index = indexOf(records);
  const groups = FILTER_GROUPS.length;
  // Per group with a selection: which codes it lets through.
  const selections = c.selections.map((s) => {
    const g = FILTER_GROUPS.indexOf(s.group);
    return { codes: index.codes[g]!, bit: s.bit, allowed: Uint8Array.from(index.values[g]!, (v) => (s.values.has(v) ? 1 : 0)) };
  });
  const filtersBase = c.minDuration > 0 || c.query !== null;
  let count = 0;
  let matching: () => CallRecord[];
  let tallies: Uint32Array[];
  if (!filtersBase && !selections.length) {
    // Nothing chosen: every record matches, and the counts were made with the index.
    count = records.length;
    tallies = index.histograms;
    matching = () => records.slice();
  } else {
    tallies = index.values.map((v) => new Uint32Array(v.length));
    const matched = new Uint8Array(records.length);
    for (let i = 0; i < records.length; i++) {
      if (filtersBase && !passesBase(records[i]!, c)) continue;
      let failed = 0;
      for (const s of selections) if (s.allowed[s.codes[i]!] === 0) failed |= s.bit;
      if (failed === 0) {
        matched[i] = 1;
        count++;
        for (let g = 0; g < groups; g++) tallies[g]![index.codes[g]![i]!]!++;
      } else if ((failed & (failed - 1)) === 0) {
        const g = 31 - Math.clz32(failed);
        tallies[g]![index.codes[g]![i]!]!++;
      }
    }
    matching = () => records.filter((_, i) => matched[i] === 1);
  }

  const labels = new Set(index.labels);
  const selectedLabels = (f.chips.satisfaction ?? []).filter((v) => v !== NOT_RATED_CHIP && !labels.has(v));
  const values: Record<FilterGroup, string[]> = {
    satisfaction: [...index.labels, ...selectedLabels, NOT_RATED_CHIP],
    hangup: [...FIXED_VALUES.hangup],
    direction: [...FIXED_VALUES.direction],
    connected: [...FIXED_VALUES.connected],
    recording: [...FIXED_VALUES.recording],
  };
  const counts = {} as Record<FilterGroup, Record<string, number>>;
  FILTER_GROUPS.forEach((group, g) => {
    const tally = new Map(index.values[g]!.map((v, code) => [v, tallies[g]![code]!]));
    const row: Record<string, number> = {};
    for (const v of values[group]) row[v] = tally.get(v) ?? 0;
    counts[group] = row;
  });
  let made: CallRecord[] | null = null;
  return {
    get matching() {
      made ??= matching();
      return made;
    },
    count,
    counts,
    values,
  };
}

export function isFilterEmpty(f: FilterState): boolean {
  return !(f.minDuration > 0) && f.text.trim() === '' && FILTER_GROUPS.every((g) => !f.chips[g]?.length);
}

// ── restoring from storage ─────────────────────────────────────────────────────

const MAX_VALUES = 50;
const MAX_VALUE_LENGTH = 200;
const MAX_TEXT = 500;

/** A filter state from anything (an older or corrupted stored value): keeps what is valid, drops the rest. */
export function sanitizeFilterState(raw: unknown): FilterState {
  try {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { chips: {}, minDuration: 0, text: '' };
    const obj = raw as Record<string, unknown>;
    const chips: FilterState['chips'] = {};
    const rawChips = obj.chips;
    if (typeof rawChips === 'object' && rawChips !== null && !Array.isArray(rawChips)) {
      for (const group of FILTER_GROUPS) {
        const list = (rawChips as Record<string, unknown>)[group];
        if (!Array.isArray(list)) continue;
        const allowed = group === 'satisfaction' ? null : FIXED_VALUES[group];
        const kept = [
          ...new Set(
            list.filter(
              (v): v is string =>
                typeof v === 'string' && v.trim() !== '' && v.length <= MAX_VALUE_LENGTH && (allowed === null || allowed.includes(v)),
            ),
          ),
        ].slice(0, MAX_VALUES);
        if (kept.length) chips[group] = kept;
      }
    }
    const d = typeof obj.minDuration === 'string' ? Number(obj.minDuration) : obj.minDuration;
    const minDuration = typeof d === 'number' && Number.isFinite(d) && d > 0 ? Math.floor(d) : 0;
    const text = typeof obj.text === 'string' ? obj.text.slice(0, MAX_TEXT) : '';
    return { chips, minDuration, text };
  } catch {
    return { chips: {}, minDuration: 0, text: '' };
  }
}
