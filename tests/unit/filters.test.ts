import { describe, expect, it } from 'vitest';
import {
  EMPTY_FILTER,
  FILTER_GROUPS,
  applyFilters,
  chipValue,
  isFilterEmpty,
  matches,
  sanitizeFilterState,
  type FilterGroup,
  type FilterState,
} from '../../utils/page-model/filters';
import type { CallRecord } from '../../utils/record/record';
import { callRecord } from '../fakes/records';

/** A call with no numbers and no recording unless told, so each search and chip below finds only what a call is given. */
const rec = (id: string, over: Partial<CallRecord> = {}): CallRecord =>
  callRecord(id, { caller: '', callee: '', duration: 10, recordUrl: null, ...over });
const NOT_CONNECTED = { code: 202, key: 'notAnswer', label: '未接听', connected: false };

/** A small hand-made day of calls. */
const R1 = rec('r1', {
  satisfaction: '满意',
  hangup: 'user',
  direction: 'in',
  duration: 125,
  caller: '13812345678',
  callee: '075512345678',
  agentName: '张三',
  staffNo: '1001',
  skillGroup: '售后',
  recordUrl: 'https://x/1.mp3',
});
const R2 = rec('r2', {
  satisfaction: null,
  hangup: 'seat',
  direction: 'out',
  duration: 0,
  status: NOT_CONNECTED,
  caller: '075512345678',
  callee: '13900001111',
  agentName: '李四',
});
const R3 = rec('r3', {
  satisfaction: '不满意',
  hangup: 'user',
  direction: 'in',
  duration: 30,
  caller: '13900001111',
  agentName: '王五',
  remark: 'VIP 回电 Tomorrow',
  customRecordUrl: 'https://b.cos/3.mp3',
});
const R4 = rec('r4', { satisfaction: '满意', hangup: 'system', direction: 'out', duration: 60, caller: '138****5678', skillGroup: '销售' });
const R5 = rec('r5', { satisfaction: null, hangup: null, direction: null, duration: 0, status: NOT_CONNECTED });
const ALL = [R1, R2, R3, R4, R5];

const f = (over: Partial<FilterState>): FilterState => ({ chips: {}, minDuration: 0, text: '', ...over });
const ids = (rs: CallRecord[]) => rs.map((r) => r.sessionId);
const pick = (state: FilterState) => ids(applyFilters(ALL, state).matching);

describe('chip values', () => {
  it('reads each group from the record', () => {
    expect(FILTER_GROUPS.map((g) => chipValue(R1, g))).toEqual(['满意', 'user', 'in', 'yes', 'yes']);
    expect(FILTER_GROUPS.map((g) => chipValue(R2, g))).toEqual(['none', 'seat', 'out', 'no', 'no']);
    expect(FILTER_GROUPS.map((g) => chipValue(R5, g))).toEqual(['none', 'unknown', 'unknown', 'no', 'no']);
    // A copy in the customer's own bucket is a recording too.
    expect(chipValue(R3, 'recording')).toBe('yes');
  });

  it('counts a talked call as recorded where the page gives links only on demand, and a call never connected as not', () => {
    const talked = { status: { code: 1, key: 'ok', label: '正常结束', connected: true }, duration: 42, linkOnDemand: true };
    expect(chipValue(rec('a', talked), 'recording')).toBe('yes');
    expect(chipValue(rec('b', { ...talked, duration: 0 }), 'recording')).toBe('no');
    expect(
      chipValue(rec('c', { ...talked, status: { code: 2, key: 'unconnected', label: '未接通', connected: false } }), 'recording'),
    ).toBe('no');
    // A list that says "no link" (an empty field) is believed.
    expect(chipValue(rec('d', { ...talked, linkOnDemand: false }), 'recording')).toBe('no');
  });
});

describe('matching', () => {
  it('lets everything through with no filter', () => {
    expect(pick(EMPTY_FILTER)).toEqual(['r1', 'r2', 'r3', 'r4', 'r5']);
  });

  it('ORs chips within a group', () => {
    expect(pick(f({ chips: { satisfaction: ['满意'] } }))).toEqual(['r1', 'r4']);
    expect(pick(f({ chips: { satisfaction: ['满意', 'none'] } }))).toEqual(['r1', 'r2', 'r4', 'r5']);
    expect(pick(f({ chips: { hangup: ['seat', 'system'] } }))).toEqual(['r2', 'r4']);
  });

  it('ANDs groups', () => {
    expect(pick(f({ chips: { satisfaction: ['满意', 'none'], hangup: ['user', 'seat'] } }))).toEqual(['r1', 'r2']);
    expect(pick(f({ chips: { direction: ['out'], connected: ['yes'] } }))).toEqual(['r4']);
    expect(pick(f({ chips: { recording: ['yes'], direction: ['in'] } }))).toEqual(['r1', 'r3']);
    expect(pick(f({ chips: { recording: ['no'], hangup: ['unknown'] } }))).toEqual(['r5']);
  });

  it('treats an empty chip list as no filter', () => {
    expect(pick(f({ chips: { satisfaction: [], hangup: [] } }))).toHaveLength(5);
  });

  it('keeps calls at least minDuration seconds long', () => {
    expect(pick(f({ minDuration: 30 }))).toEqual(['r1', 'r3', 'r4']);
    expect(pick(f({ minDuration: 61 }))).toEqual(['r1']);
    expect(pick(f({ minDuration: 1, chips: { satisfaction: ['满意', 'none'] } }))).toEqual(['r1', 'r4']);
  });

  it('searches numbers, agent, staff number, skill group and remark, trimmed and case-insensitive', () => {
    expect(pick(f({ text: '  张三 ' }))).toEqual(['r1']);
    expect(pick(f({ text: '1001' }))).toEqual(['r1']);
    expect(pick(f({ text: '销售' }))).toEqual(['r4']);
    expect(pick(f({ text: 'tomorrow' }))).toEqual(['r3']);
    expect(pick(f({ text: 'VIP 回电' }))).toEqual(['r3']);
    expect(pick(f({ text: '075512345678' }))).toEqual(['r1', 'r2']);
    expect(pick(f({ text: '没有' }))).toEqual([]);
  });

  it('finds a number however it is typed: spaces, dashes, +86, 0086', () => {
    for (const typed of ['13812345678', '138 1234 5678', '138-1234', '+86 138 1234 5678', '008613812345678', '38 1234 5678']) {
      expect(pick(f({ text: typed })), typed).toEqual(['r1']);
    }
    // A protected number is found by what it shows.
    expect(pick(f({ text: '138****' }))).toEqual(['r4']);
  });

  it('matches() agrees with applyFilters()', () => {
    const state = f({ chips: { satisfaction: ['满意', 'none'], connected: ['yes'] }, text: '1' });
    expect(ALL.filter((r) => matches(r, state))).toEqual(applyFilters(ALL, state).matching);
  });
});

describe('faceted counts', () => {
  it('counts each chip as if it were the only one chosen in its group, all other groups applying', () => {
    const { matching, counts } = applyFilters(ALL, f({ chips: { satisfaction: ['满意'], hangup: ['user'] } }));
    expect(ids(matching)).toEqual(['r1']);
    // Satisfaction: among calls hung up by the customer (r1, r3).
    expect(counts.satisfaction).toEqual({ 满意: 1, 不满意: 1, none: 0 });
    // Hang-up side: among calls rated 满意 (r1, r4).
    expect(counts.hangup).toEqual({ seat: 0, user: 1, system: 1, unknown: 0 });
    // Groups without a selection: among the matching calls (r1).
    expect(counts.direction).toEqual({ in: 1, out: 0, unknown: 0 });
    expect(counts.connected).toEqual({ yes: 1, no: 0 });
    expect(counts.recording).toEqual({ yes: 1, no: 0 });
  });

  it('with no filter, counts are plain tallies', () => {
    const { counts } = applyFilters(ALL, EMPTY_FILTER);
    expect(counts).toEqual({
      satisfaction: { 满意: 2, 不满意: 1, none: 2 },
      hangup: { seat: 1, user: 2, system: 1, unknown: 1 },
      direction: { in: 2, out: 2, unknown: 1 },
      connected: { yes: 3, no: 2 },
      recording: { yes: 2, no: 3 },
    });
  });

  it('a chip toggled on and off again gives back every record and the plain tallies', () => {
    expect(applyFilters(ALL, f({ chips: { hangup: ['user'] } })).count).toBe(2);
    const off = applyFilters(ALL, f({ chips: { hangup: [] } }));
    expect(off.matching).toEqual(ALL);
    expect(off.count).toBe(ALL.length);
    expect(off.counts).toEqual(applyFilters([...ALL], EMPTY_FILTER).counts);
  });

  it('applies minDuration and text to every count', () => {
    const { counts } = applyFilters(ALL, f({ minDuration: 30, chips: { direction: ['in'] } }));
    expect(counts.direction).toEqual({ in: 2, out: 1, unknown: 0 });
    expect(counts.satisfaction).toEqual({ 满意: 1, 不满意: 1, none: 0 });
  });

  it('lists satisfaction labels in order of first appearance, a chosen label no longer in the data, then none', () => {
    const { values, counts } = applyFilters([R3, R1, R2], f({ chips: { satisfaction: ['很好', 'none'] } }));
    expect(values.satisfaction).toEqual(['不满意', '满意', '很好', 'none']);
    expect(Object.keys(counts.satisfaction)).toEqual(['不满意', '满意', '很好', 'none']);
    expect(counts.satisfaction.很好).toBe(0);
  });

  it('equals brute force on random data and random filters', () => {
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const labels = ['A', 'B', 'C', null];
    const sides = ['seat', 'user', 'system', null] as const;
    const dirs = ['in', 'out', null] as const;
    const records = Array.from({ length: 300 }, (_, i) =>
      rec(`x${i}`, {
        satisfaction: labels[rand(4)]!,
        hangup: sides[rand(4)]!,
        direction: dirs[rand(3)]!,
        duration: rand(100),
        status: rand(2) ? NOT_CONNECTED : rec('').status,
        recordUrl: rand(2) ? 'u' : null,
        agentName: `agent${rand(10)}`,
      }),
    );
    const choices: Record<FilterGroup, string[]> = {
      satisfaction: ['A', 'B', 'C', 'none'],
      hangup: ['seat', 'user', 'system', 'unknown'],
      direction: ['in', 'out', 'unknown'],
      connected: ['yes', 'no'],
      recording: ['yes', 'no'],
    };
    for (let round = 0; round < 40; round++) {
      const chips: FilterState['chips'] = {};
      for (const g of FILTER_GROUPS) chips[g] = choices[g].filter(() => rand(3) === 0);
      const state = f({ chips, minDuration: rand(3) ? 0 : rand(60), text: rand(4) ? '' : `agent${rand(10)}` });
      const { matching, count, counts } = applyFilters(records, state);
      expect(matching).toEqual(records.filter((r) => matches(r, state)));
      expect(count).toBe(matching.length);
      for (const g of FILTER_GROUPS) {
        for (const v of choices[g]) {
          const only = { ...state, chips: { ...state.chips, [g]: [v] } };
          expect(counts[g][v] ?? 0, `${g}=${v}`).toBe(records.filter((r) => matches(r, only)).length);
        }
      }
    }
  });
});

describe('filter state', () => {
  it('knows when nothing is filtered', () => {
    expect(isFilterEmpty(EMPTY_FILTER)).toBe(true);
    expect(isFilterEmpty(f({ chips: { hangup: [] }, text: '   ' }))).toBe(true);
    expect(isFilterEmpty(f({ chips: { hangup: ['seat'] } }))).toBe(false);
    expect(isFilterEmpty(f({ minDuration: 5 }))).toBe(false);
    expect(isFilterEmpty(f({ text: 'a' }))).toBe(false);
  });

  it('restores a stored state, dropping whatever is not valid', () => {
    expect(
      sanitizeFilterState({
        chips: {
          satisfaction: ['满意', 'none', 3, '', '满意', null],
          hangup: ['seat', 'bogus'],
          direction: 'in',
          connected: ['yes'],
          colour: ['red'],
        },
        minDuration: '30',
        text: 42,
      }),
    ).toEqual({ chips: { satisfaction: ['满意', 'none'], hangup: ['seat'], connected: ['yes'] }, minDuration: 30, text: '' });
    const clean = f({ chips: { recording: ['no'] }, minDuration: 10, text: '张三' });
    expect(sanitizeFilterState(JSON.parse(JSON.stringify(clean)))).toEqual(clean);
  });

  it('turns garbage into the empty filter', () => {
    const throwing = {
      get chips(): unknown {
        throw new Error('boom');
      },
    };
    for (const junk of [
      null,
      undefined,
      42,
      'x',
      [],
      {},
      { chips: [] },
      { minDuration: -5 },
      { minDuration: NaN },
      { minDuration: Infinity },
      throwing,
    ]) {
      expect(sanitizeFilterState(junk)).toEqual({ chips: {}, minDuration: 0, text: '' });
    }
  });
});
