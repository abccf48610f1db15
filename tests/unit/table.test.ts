// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { diagnoseTable, findRecordTable, readRows, type RecordTable, type TableRow } from '../../utils/page-dom/table';
import { recordFromCells } from '../../utils/page-dom/cell-parse';
import { parseDurationText, parseTimeText } from '../../utils/record/call-text';
import { END_STATUS, type CallRecord } from '../../utils/record/record';

function load(name: string): void {
  document.body.innerHTML = readFileSync(resolve(import.meta.dirname, 'fixtures', name), 'utf8');
}

function mustFind(): RecordTable {
  const table = findRecordTable(document);
  expect(table, diagnoseTable(document)).not.toBeNull();
  return table!;
}

const local = (y: number, mo: number, d: number, h: number, mi: number, s: number) => new Date(y, mo - 1, d, h, mi, s).getTime() / 1000;

/** The three calls every fixture with rows shows, as cells read them. */
function expectSeedRows(rows: TableRow[]) {
  expect(rows).toHaveLength(3);
  expect(rows[0]!.cells).toMatchObject({
    time: '2024-03-05 09:15:30',
    caller: '13812345678',
    callee: '075512345678',
    status: '正常结束',
    duration: '00:02:05',
    satisfaction: '满意',
    hangup: '客户',
  });
  expect(rows[1]!.cells).toMatchObject({ direction: '呼出', status: '未接听', satisfaction: '-', hangup: '座席' });
  // Two lines in one cell stay two words, not one glued string.
  expect(rows[2]!.cells.time).toBe('2024/03/05 11:30:00');
  if ('remark' in rows[2]!.cells) expect(rows[2]!.cells.remark).toBe('VIP 客户，时间另约');
  const records = rows.map((r) => recordFromCells(r.cells));
  expect(records.map((r) => r.startTime)).toEqual([
    local(2024, 3, 5, 9, 15, 30),
    local(2024, 3, 5, 10, 0, 0),
    local(2024, 3, 5, 11, 30, 0),
  ]);
  return records;
}

beforeEach(() => {
  document.body.innerHTML = '';
});

describe('finding the records table by its header texts', () => {
  it('maps every seed column of a plain table, skipping its hidden measuring row', () => {
    load('plain-table.html');
    const table = mustFind();
    expect(table.columns).toEqual({
      time: 0,
      direction: 1,
      seatDevice: 2,
      caller: 3,
      callee: 4,
      remark: 5,
      status: 6,
      duration: 7,
      agentName: 8,
      staffNo: 9,
      skillGroup: 10,
      satisfaction: 11,
      hangup: 12,
    });
    expect(table.bodyRoots.map((b) => b.tagName)).toEqual(['TBODY']);
    const rows = readRows(table);
    expectSeedRows(rows);
    expect(rows.every((r) => r.allElements.length === 1 && r.allElements[0] === r.element)).toBe(true);
    // The anchor is the table's own wrapper, not the page around it (form, pager).
    expect(table.anchor.contains(table.headerRow)).toBe(true);
    expect(table.anchor.querySelector('form')).toBeNull();
    expect(table.anchor.tagName).toBe('DIV');
    expect(diagnoseTable(document)).toBe('ok');
  });

  it('reads header and body drawn as separate tables, matching body cells to columns by index', () => {
    load('split-tables.html');
    const table = mustFind();
    expect(table.headerRow.closest('table')!.contains(table.bodyRoots[0]!)).toBe(false);
    expect(table.columns.time).toBe(0);
    expect(table.columns.hangup).toBe(12);
    expectSeedRows(readRows(table));
    expect(table.anchor.contains(table.bodyRoots[0]!)).toBe(true);
    expect(table.anchor.querySelector('form')).toBeNull();
  });

  it('ties each row to its renderings in fixed-column overlays that hold only the fixed columns', () => {
    load('fixed-overlays.html');
    const table = mustFind();
    const rows = readRows(table);
    expectSeedRows(rows);
    expect(table.overlays).toHaveLength(2);
    for (const [i, row] of rows.entries()) {
      expect(row.allElements).toHaveLength(3);
      expect(row.allElements[0]).toBe(row.element);
      // The left overlay's twin shows the same time; the right one the same 操作 cell.
      expect(row.allElements[1]!.textContent!.replace(/\s+/g, ' ')).toContain(['09:15:30', '10:00:00', '11:30:00'][i]);
      expect(row.allElements[2]!.textContent).toContain('下载录音文件');
    }
    // The main rendering is the one with every column.
    expect(rows[0]!.element.children).toHaveLength(14);
    // The toolbar goes before a container holding the table and its overlays, not the pager.
    for (const o of table.overlays!) expect(table.anchor.contains(o.headerRow)).toBe(true);
    expect(table.anchor.textContent).not.toContain('下一页');
  });

  it('takes the first table as the main one where fixed-column overlays repeat every column', () => {
    load('fixed-full-overlays.html');
    const table = mustFind();
    const tables = [...document.querySelectorAll('table')];
    expect(table.headerRow.closest('table')).toBe(tables[0]);
    expect(table.bodyRoots[0]!.closest('table')).toBe(tables[1]);
    const rows = readRows(table);
    expectSeedRows(rows);
    expect(rows.map((r) => r.allElements.length)).toEqual([3, 3, 3]);
    const overlayTables = rows[1]!.allElements.slice(1).map((el) => el.closest('table'));
    expect(overlayTables).toEqual([tables[3], tables[5]]);
    // Same row index in every rendering.
    for (const el of rows[1]!.allElements) expect(el.parentElement!.children[1]).toBe(el);
  });

  it('finds an ARIA grid of divs: its header row, its row group, its rows', () => {
    load('aria-grid.html');
    const table = mustFind();
    expect(table.headerRow.getAttribute('role')).toBe('row');
    expect(table.bodyRoots.map((b) => b.getAttribute('role'))).toEqual(['rowgroup']);
    expect(table.anchor.getAttribute('role')).not.toBe('rowgroup');
    expect(table.anchor.contains(table.headerRow) && table.anchor.contains(table.bodyRoots[0]!)).toBe(true);
    expectSeedRows(readRows(table));
  });

  it('finds columns by name, never by position, in another order and with some missing', () => {
    load('reordered-columns.html');
    const table = mustFind();
    expect(table.columns).toEqual({
      caller: 1,
      callee: 2,
      hangup: 3,
      time: 4,
      duration: 5,
      status: 6,
      staffNo: 7,
      agentName: 8,
      satisfaction: 9,
      direction: 10,
      skillGroup: 11,
    });
    const rows = readRows(table);
    const records = expectSeedRows(rows);
    expect(rows[0]!.cells.seatDevice).toBeUndefined();
    expect(rows[0]!.cells.remark).toBeUndefined();
    expect(records[0]).toMatchObject({ caller: '13812345678', hangup: 'user', direction: 'in', duration: 125, agentName: '张三' });
  });

  it('reads a tea-component style table: header and body tables, the page’s own checkbox column, span[title] cells, a fixed-right 操作 overlay, renamed 满意度 and 挂机方', () => {
    load('tea-table.html');
    const table = mustFind();
    // The page's own checkbox column comes first and is no column of ours.
    expect(table.columns).toMatchObject({ time: 1, caller: 4, callee: 5, satisfaction: 12, hangup: 13 });
    expect(table.headerRow.closest('table')!.contains(table.bodyRoots[0]!)).toBe(false);
    const rows = readRows(table);
    expectSeedRows(rows);
    expect(table.overlays).toHaveLength(1);
    for (const row of rows) {
      expect(row.allElements).toHaveLength(2);
      expect(row.allElements[1]!.textContent).toContain('下载录音文件');
    }
    // The session id in the first row's recording link is something the row carries.
    expect(rows[0]!.ids).toContain('0f8fad5b-d9cb-469f-a165-70867728950e');
    expect(table.anchor.textContent).not.toContain('共 3 条');
  });

  it('ties each row to its fixed-right overlay twin once the rows come, in a table found while it showed its loading row', () => {
    load('tea-table-loading.html');
    const table = mustFind();
    expect(readRows(table)).toEqual([]);
    const arrived = document.createElement('div');
    arrived.innerHTML = readFileSync(resolve(import.meta.dirname, 'fixtures', 'tea-table-rows.html'), 'utf8');
    const [mainBody, overlayBody] = [...document.querySelectorAll('main tbody')];
    mainBody!.replaceChildren(...arrived.querySelector('#main')!.children);
    overlayBody!.replaceChildren(...arrived.querySelector('#overlay')!.children);
    const rows = readRows(table);
    expectSeedRows(rows);
    expect(rows.map((r) => r.allElements.length)).toEqual([2, 2, 2]);
    expect(rows[2]!.allElements[1]!.closest('.tea-table__fixed-right')).not.toBeNull();
  });

  it('the ids a row carries leave out what the extension added to it', () => {
    load('plain-table.html');
    const table = mustFind();
    const row = readRows(table)[0]!;
    const ours = document.createElement('input');
    ours.setAttribute('data-tccc-own', '');
    ours.dataset.sessionId = 'an-old-call-id';
    row.element.querySelector('td')!.prepend(ours);
    expect(readRows(table)[0]!.ids).not.toContain('an-old-call-id');
  });

  it('says why on a page without the records table', () => {
    load('no-table.html');
    expect(findRecordTable(document)).toBeNull();
    expect(diagnoseTable(document)).toBe('no-table');
  });

  it('finds a table whose only row is an empty-state row, and reads no rows from it', () => {
    load('empty-state.html');
    const table = mustFind();
    expect(readRows(table)).toEqual([]);
    expect(diagnoseTable(document)).toBe('no-rows');
  });

  it('names the headers that are missing', () => {
    document.body.innerHTML = '<table><thead><tr><th>时间</th><th>备注</th><th>通话时长</th></tr></thead><tbody></tbody></table>';
    expect(diagnoseTable(document)).toBe('missing-headers: 主叫号码, 被叫号码');
    document.body.innerHTML =
      '<table><thead><tr><th>主叫号码</th><th>备注</th><th>通话时长</th><th>挂断方</th><th>技能组</th><th>客服名称</th></tr></thead></table>';
    expect(diagnoseTable(document)).toBe('missing-headers: 时间');
    document.body.innerHTML = '<table><thead><tr><th>时间 ↑</th><th>主叫号码</th><th>备注</th></tr></thead></table>';
    expect(diagnoseTable(document)).toBe(
      'missing-headers: 呼叫类型, 座席操作端, 被叫号码, 接入状态, 通话时长, 客服名称, 客服工号, 技能组, 满意度评价, 挂断方',
    );
  });

  const SEVEN = ['时间', '主叫号码', '被叫号码', '接入状态', '通话时长', '挂断方', '满意度评价'];
  const ROW = ['2024-03-05 09:15:30', '13812345678', '075512345678', '正常结束', '125', '客户', '满意'];

  it('a header row of th cells inside the tbody (no thead): the other rows are the data', () => {
    document.body.innerHTML = `<div class="css-q1"><table><tbody>
      <tr>${SEVEN.map((h) => `<th>${h}</th>`).join('')}</tr>
      <tr>${ROW.map((c) => `<td>${c}</td>`).join('')}</tr>
    </tbody></table></div>`;
    const table = mustFind();
    const rows = readRows(table);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.cells).toMatchObject({ time: ROW[0], satisfaction: '满意', hangup: '客户' });
    expect(table.anchor.className).toBe('css-q1');
  });

  it('an ARIA table whose rows sit next to the header row, without row groups', () => {
    document.body.innerHTML = `<section><p>说明</p><div role="table" class="css-q2">
      <div role="row">${SEVEN.map((h) => `<span role="columnheader">${h}</span>`).join('')}</div>
      <div role="row">${ROW.map((c) => `<span role="cell">${c}</span>`).join('')}</div>
      <div role="row">${ROW.map((c) => `<span role="cell">${c}</span>`).join('')}</div>
    </div></section>`;
    const table = mustFind();
    expect(table.bodyRoots).toEqual([document.querySelector('[role=table]')]);
    expect(readRows(table)).toHaveLength(2);
    expect(table.anchor).toBe(document.querySelector('[role=table]'));
  });

  it('prefers a cell that is exactly a name over one that merely mentions it', () => {
    document.body.innerHTML = `<table><thead><tr>
      <th>振铃时间</th><th>时间</th><th>主叫号码</th><th>被叫号码</th><th>接入状态</th><th>通话时长</th><th>挂断方</th>
    </tr></thead><tbody><tr><td>a</td><td>2024-03-05 09:15:30</td><td>1</td><td>2</td><td>正常结束</td><td>5</td><td>客户</td></tr></tbody></table>`;
    const table = mustFind();
    expect(table.columns.time).toBe(1);
    expect(readRows(table)[0]!.cells.time).toBe('2024-03-05 09:15:30');
  });

  it('a row hidden by a filter is still read; the row checkbox adds no text', () => {
    load('plain-table.html');
    const table = mustFind();
    const first = readRows(table)[0]!;
    (first.element as HTMLElement).style.display = 'none';
    const box = document.createElement('input');
    box.type = 'checkbox';
    first.element.querySelector('td')!.prepend(box);
    expect(readRows(table)[0]!.cells.time).toBe('2024-03-05 09:15:30');
  });
});

describe('reading cell texts into a record', () => {
  it('parses times in local time, with - or / and on one or two lines', () => {
    const t = local(2024, 3, 5, 9, 15, 30);
    expect(parseTimeText('2024-03-05 09:15:30')).toBe(t);
    expect(parseTimeText('2024/03/05 09:15:30')).toBe(t);
    expect(parseTimeText('2024/3/5\n9:15:30')).toBe(t);
    expect(parseTimeText('2024-03-0509:15:30')).toBe(t);
    expect(parseTimeText('2024-03-05 09:15')).toBe(local(2024, 3, 5, 9, 15, 0));
    expect(parseTimeText('1709601330')).toBe(1709601330);
    expect(parseTimeText('-')).toBeNull();
    expect(parseTimeText('2024-13-05 09:15:30')).toBeNull();
  });

  it('parses every duration format to seconds', () => {
    expect(parseDurationText('00:02:05')).toBe(125);
    expect(parseDurationText('01:02:03')).toBe(3723);
    expect(parseDurationText('02:05')).toBe(125);
    expect(parseDurationText('125')).toBe(125);
    expect(parseDurationText('125s')).toBe(125);
    expect(parseDurationText('2分5秒')).toBe(125);
    expect(parseDurationText('1小时2分3秒')).toBe(3723);
    expect(parseDurationText('5秒')).toBe(5);
    expect(parseDurationText('3 分钟')).toBe(180);
    expect(parseDurationText('1h2m3s')).toBe(3723);
    expect(parseDurationText('-')).toBe(0);
    expect(parseDurationText('')).toBe(0);
    expect(parseDurationText('abc')).toBeNull();
  });

  it('maps every column to the record model, with no session id: the row alone names no call', () => {
    const r = recordFromCells({
      time: '2024-03-05 09:15:30',
      direction: '呼出',
      seatDevice: '手机',
      caller: '008613812345678',
      callee: '075512345678',
      remark: '回访',
      status: '坐席转接',
      duration: '2分5秒',
      agentName: '张三',
      staffNo: '1001',
      skillGroup: '售后',
      satisfaction: '非常满意',
      hangup: '坐席',
    });
    expect(r).toEqual<CallRecord>({
      sessionId: '',
      startTime: local(2024, 3, 5, 9, 15, 30),
      direction: 'out',
      seatDevice: 'phone',
      caller: '13812345678',
      callee: '075512345678',
      remark: '回访',
      status: { code: 101, key: 'seatForward', label: '坐席转接', connected: true },
      duration: 125,
      agentName: '张三',
      staffNo: '1001',
      skillGroup: '售后',
      satisfaction: '非常满意',
      hangup: 'seat',
      recordUrl: null,
      customRecordUrl: null,
      linkOnDemand: false,
      source: 'table',
    });
  });

  it('reads the words the page may use', () => {
    expect(recordFromCells({ direction: 'Inbound', seatDevice: '电脑', hangup: '用户' })).toMatchObject({
      direction: 'in',
      seatDevice: 'computer',
      hangup: 'user',
    });
    expect(recordFromCells({ direction: 'Outbound', hangup: '系统' })).toMatchObject({ direction: 'out', hangup: 'system' });
    expect(recordFromCells({ direction: '内部', hangup: '?' })).toMatchObject({ direction: null, hangup: null });
    for (const none of ['-', '--', '', '未评价', ' ']) expect(recordFromCells({ satisfaction: none }).satisfaction).toBeNull();
  });

  it('turns every 接入状态 label back into its code, and keeps an unknown label', () => {
    for (const [code, { key, label }] of Object.entries(END_STATUS)) {
      expect(recordFromCells({ status: label }).status).toMatchObject({ code: Number(code), key, label });
    }
    expect(recordFromCells({ status: 'IVR期间用户放弃' }).status.code).toBe(102);
    expect(recordFromCells({ status: '外线转接' }).status).toEqual({
      code: null,
      key: 'outboundForward',
      label: '外线转接',
      connected: true,
    });
    expect(recordFromCells({ status: '黑名单拦截', duration: '0' }).status).toEqual({
      code: null,
      key: '',
      label: '黑名单拦截',
      connected: false,
    });
    expect(recordFromCells({ status: '黑名单拦截', duration: '3' }).status.connected).toBe(true);
    expect(recordFromCells({ status: '未接听' }).status.connected).toBe(false);
  });
});
