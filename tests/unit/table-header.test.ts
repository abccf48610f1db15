import { afterEach, describe, expect, it } from 'vitest';
import { COLUMN_KEYS, COLUMN_NAMES, headerText, mapHeaders, setUserColumnNames } from '../../utils/page-dom/table-header';

const cells = (texts: string[]) => texts.map((text, index) => ({ text, index }));

describe('columns by what their headers mean', () => {
  it('maps the seed’s names', () => {
    const seed = COLUMN_KEYS.map((k) => COLUMN_NAMES[k][0]!);
    expect(mapHeaders(cells(seed))).toEqual(Object.fromEntries(COLUMN_KEYS.map((k, i) => [k, i])));
  });

  it('knows the other names a console may give a column', () => {
    expect(mapHeaders(cells(['主叫', '被叫', '开始时间', '满意度', '挂机方', '座席工号', '座席名称', '通话状态', '时长']))).toEqual({
      caller: 0,
      callee: 1,
      time: 2,
      satisfaction: 3,
      hangup: 4,
      staffNo: 5,
      agentName: 6,
      status: 7,
      duration: 8,
    });
  });

  it('lets a longer name win over a short alias it contains', () => {
    expect(mapHeaders(cells(['座席操作端', '座席工号', '座席']))).toEqual({ seatDevice: 0, staffNo: 1, agentName: 2 });
    expect(mapHeaders(cells(['满意度评价', '通话时长']))).toEqual({ satisfaction: 0, duration: 1 });
  });

  it('ignores full-width forms, spaces, required marks, colons and sort arrows', () => {
    expect(headerText(' *主叫号码：↕ ')).toBe('主叫号码');
    expect(headerText('通话时长\u3000▲▼')).toBe('通话时长');
    expect(headerText('ＳｅｓｓｉｏｎＩＤ')).toBe('SessionID');
    expect(mapHeaders(cells(['* 主叫号码 ↕', '挂断方 ⇅']))).toEqual({ caller: 0, hangup: 1 });
  });

  it('takes a column once, the exact name over one that merely contains it', () => {
    expect(mapHeaders(cells(['时间范围说明时间', '时间']))).toEqual({ time: 1 });
  });
});

describe('the user’s own names for columns', () => {
  afterEach(() => setUserColumnNames({}));

  it('map a header the extension does not know, before its own names, however the page spaces it', () => {
    expect(mapHeaders(cells(['日期', '主叫号码']))).toEqual({ caller: 1 });
    setUserColumnNames({ ' 日期 ': 'time', 来电: 'caller' });
    expect(mapHeaders(cells(['日期 ↕', '来电', '主叫号码']))).toEqual({ time: 0, caller: 1 });
  });

  it('ignore empty texts and fields that do not exist', () => {
    setUserColumnNames({ '': 'time', 日期: 'nope' });
    expect(mapHeaders(cells(['日期']))).toEqual({});
  });
});
