// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { diagnosticsReport } from '../../utils/diagnostics/diagnostics';
import { redact } from '../../utils/diagnostics/redact';
import { learnLinkRecipe, recipeShape } from '../../utils/page-requests/link-recipe';
import { maskedPath, shapeOf } from '../../utils/page-json/json-shape';
import { diagnoseTable, tableCandidates } from '../../utils/page-dom/table';
import { SATISFACTION_LABELS, generateCalls } from '../workbench/generator';
import { camelCased } from '../workbench/modes';

const calls = generateCalls({ seed: 4, count: 60 }).map((c) => c.cdr);

/** The seed's table, filled with the calls as the page would show them. */
function showTable(): void {
  const heads = [
    '时间',
    '呼叫类型',
    '主叫号码',
    '被叫号码',
    '备注',
    '接入状态',
    '通话时长',
    '客服名称',
    '客服工号',
    '技能组',
    '满意度',
    '挂机方',
  ];
  const cell = (s: string | number) => `<td>${String(s).replace(/</g, '&lt;')}</td>`;
  const rows = calls
    .slice(0, 20)
    .map(
      (c) =>
        `<tr>${[c.StartTimestamp, '呼入', c.Caller, c.Callee, c.Remark, c.EndStatusString, c.Duration, c.SeatUser?.Name ?? '', c.SeatUser?.StaffNumber ?? '', c.SkillGroup ?? '', '满意', '客户'].map(cell).join('')}</tr>`,
    );
  document.body.innerHTML = `<table><thead><tr>${heads.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** Every value of the calls a person could recognise: ids, numbers, names, remarks, links. */
function valuesOf(): string[] {
  const out = new Set<string>();
  const walk = (v: unknown) => {
    // Satisfaction labels are the admin's settings, not a person's data (and 满意 is part of the header 满意度).
    if (typeof v === 'string' && v.length >= 2 && !/^(-|ok|in|out|seat|user|system|noInput)$/.test(v) && !SATISFACTION_LABELS.includes(v))
      out.add(v);
    else if (typeof v === 'number' && String(v).length >= 5) out.add(String(v));
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  calls.forEach(walk);
  return [...out];
}

describe('the diagnostics report', () => {
  it('says what the extension saw of the page, and not one value of the calls on it', () => {
    showTable();
    const body = { code: 0, data: { TotalCount: calls.length, TelCdrList: calls } };
    // The page's link request, learned with its headers: only its shape may show.
    const id = calls[0]!.SessionId;
    const learned = learnLinkRecipe(
      {
        method: 'GET',
        url: `https://tccc.qcloud.com/tcccadmin/cdr/recordUrl/${id}?SessionId=${id}&token=6f1c2b7e`,
        body: null,
        headers: [['X-Token', 'eyJleHAiOjE3']],
      },
      { code: 0, data: { SessionId: id, RecordURL: `https://tccc.qcloud.com/tcccadmin/getRecord/k9/eyJleHAiOjE3/000-${id}.mp3` } },
      () => false,
    )!;
    const report = diagnosticsReport({
      version: '1.0.0',
      userAgent: 'Chrome/156',
      url: 'https://tccc.qcloud.com/saas-manage/#/1400000000/service-record/tel?token=6f1c2b7e',
      table: 'ok',
      tables: tableCandidates(document),
      responses: [
        { path: maskedPath('https://tccc.qcloud.com/tcccadmin/cdr/telList?SdkAppId=1400000000&t=abc'), shape: shapeOf(body) },
        { path: maskedPath('https://tccc.qcloud.com/api/v2/calls'), shape: shapeOf(camelCased(body)) },
      ],
      records: { normalized: 58, dropped: { 'no-session-id': 2 } },
      view: { rows: 20, selected: 3, collected: null },
      links: { onDemand: 58, recipe: recipeShape(learned.recipe) },
      queue: [
        {
          state: 'failed',
          total: 3,
          done: 1,
          failed: 1,
          skipped: 1,
          reasons: [
            {
              reason: `TypeError: bad https://tccc.qcloud.com/tcccadmin/getRecord/k9/eyJleHAiOjE3/000-${calls[0]!.SessionId}.mp3`,
              count: 1,
            },
          ],
        },
      ],
    });
    for (const value of valuesOf()) expect(report, value).not.toContain(value);
    expect(report).not.toContain('token');
    expect(report).not.toContain('eyJleHAiOjE3');
    expect(report).not.toContain('1400000000');

    const parsed = JSON.parse(report);
    expect(parsed.page).toBe('https://tccc.qcloud.com/saas-manage/#/<id>/service-record/tel');
    expect(parsed.tables[0]).toMatchObject({
      kind: 'table',
      rows: 20,
      found: expect.arrayContaining(['time', 'caller', 'satisfaction', 'hangup']),
      missing: ['seatDevice'],
    });
    expect(parsed.responses[0].path).toBe('/tcccadmin/cdr/telList');
    expect(parsed.responses[0].shape.data.TelCdrList.array).toBe(60);
    expect(parsed.responses[0].shape.data.TelCdrList.of.SessionId).toBe('string');
    expect(parsed.responses[1].shape.data.telCdrList.of.seatUser).toHaveProperty('name', 'string');
    expect(parsed.records).toEqual({ normalized: 58, dropped: { 'no-session-id': 2 } });
    expect(parsed.queue[0].reasons[0].reason).toBe('TypeError: bad https://tccc.qcloud.com/…');
  });

  it('keeps short numbers readable and hides long ones and links', () => {
    expect(redact('rows: 100, code 404')).toBe('rows: 100, code 404');
    expect(redact('008613812345678')).toBe('008**********78');
    expect(redact('from +86 138-1234-5678, 3 - 4 - 5')).toBe('from <phone>, 3 - 4 - 5');
    expect(redact('session f3a9c2e1-7b4d-4e60-a5c1-0123456789ab and hash f3a9c2e17b4d8e60 unknown')).toBe(
      'session <id> and hash <id> unknown',
    );
    expect(redact('see https://x.myqcloud.com/a/b.mp3?sign=1&expires=2 now')).toBe('see https://x.myqcloud.com/… now');
  });

  it('describes a JSON value by its shape alone', () => {
    expect(shapeOf({ a: [1, 2, 3], b: { c: null, d: 'x' }, '1400000000': true })).toEqual({
      a: { array: 3, of: 'number' },
      b: { c: 'null', d: 'string' },
      '<id>': 'boolean',
    });
    expect(shapeOf([])).toEqual({ array: 0, of: null });
  });
});

/** The displayed cells of a call, as a page prints them; the first rows hold words a header also holds. */
function dataCells(c: (typeof calls)[number]): string[] {
  const when = new Date(c.StartTimestamp * 1000).toISOString().replace('T', ' ').slice(0, 19);
  const agent = c.SeatUser ? `${c.SeatUser.Name} ${c.SeatUser.Mail}` : '';
  return [
    when,
    c.Direction ? '呼出' : '呼入',
    c.Caller,
    c.Callee,
    c.Remark,
    '坐席未接',
    String(c.Duration),
    agent,
    c.SeatUser?.StaffNumber ?? '',
    c.SkillGroup,
    '未评价',
    '客户',
  ];
}

/** Calls whose remark mentions 时间 (a column name) come first, as they would on an unlucky page. */
const shown = [...calls.filter((c) => c.Remark.includes('时间')), ...calls.filter((c) => !c.Remark.includes('时间') && c.SeatUser)].slice(
  0,
  12,
);
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const tr = (cells: string[], tag = 'td') => `<tr>${cells.map((s) => `<${tag}>${esc(s)}</${tag}>`).join('')}</tr>`;
const HEADS = [
  '时间',
  '呼叫类型',
  '主叫号码',
  '被叫号码',
  '备注',
  '接入状态',
  '通话时长',
  '客服名称',
  '客服工号',
  '技能组',
  '满意度',
  '挂机方',
];

/** Every text a person typed or is: the calls' values and each data cell shown, but not the page's own labels. */
function forbidden(): string[] {
  const labels = new Set(['呼入', '呼出', '坐席未接', '未评价', '客户', '0', '']);
  return [...new Set([...valuesOf(), ...shown.flatMap(dataCells).filter((s) => !labels.has(s) && s.length >= 2)])];
}

const PAGES: Record<string, () => string> = {
  'a header table and a body table without thead (the body’s first row is data)': () =>
    `<div><table><thead>${tr(HEADS, 'th')}</thead></table></div><div><table><tbody>${shown.map((c) => tr(dataCells(c))).join('')}</tbody></table></div>`,
  'a body-only table with no header at all': () => `<table>${shown.map((c) => tr(dataCells(c))).join('')}</table>`,
  'a body-only table whose rows sit straight in the table (no tbody in the markup)': () =>
    `<table><colgroup><col></colgroup>${shown.map((c) => tr(dataCells(c))).join('')}</table>`,
  'an ARIA grid whose first row is data': () =>
    `<div role="grid">${shown
      .map(
        (c) =>
          `<div role="row">${dataCells(c)
            .map((s) => `<div role="gridcell">${esc(s)}</div>`)
            .join('')}</div>`,
      )
      .join('')}</div>`,
  'a details panel of th/td pairs, one field a row': () =>
    `<table><tbody>${HEADS.map((h, i) => `<tr><th>${h}</th><td>${esc(dataCells(shown[0]!)[i]!)}</td></tr>`).join('')}</tbody></table>`,
  'a details panel of th/td pairs, two fields a row': () =>
    `<table>${[0, 2, 4, 6, 8, 10].map((i) => `<tr><th>${HEADS[i]}</th><td>${esc(dataCells(shown[1]!)[i]!)}</td><th>${HEADS[i + 1]}</th><td>${esc(dataCells(shown[1]!)[i + 1]!)}</td></tr>`).join('')}</table>`,
};

describe('pages whose data looks like headers', () => {
  it.each(Object.keys(PAGES))('%s: the report holds none of the values shown', (name) => {
    document.body.innerHTML = PAGES[name]!();
    const report = diagnosticsReport({
      version: '1.0.0',
      userAgent: 'Chrome/156',
      url: 'https://tccc.qcloud.com/saas-manage/#/x',
      table: diagnoseTable(document),
      tables: tableCandidates(document),
    });
    for (const value of forbidden()) expect(report, value).not.toContain(value);
    // A data row is never a header candidate, whatever column names its cells mention.
    for (const t of JSON.parse(report).tables) expect(t.headers.join('|')).not.toMatch(/坐席未接|未评价|客户/);
  });

  it('a header table’s candidate names its columns and nothing more', () => {
    document.body.innerHTML = PAGES['a header table and a body table without thead (the body’s first row is data)']!();
    const tables = tableCandidates(document);
    expect(tables).toHaveLength(1);
    expect(tables[0]).toMatchObject({ headers: HEADS, rows: shown.length, missing: ['seatDevice'] });
  });

  it('a page with only data rows or a details panel has no candidate', () => {
    for (const name of Object.keys(PAGES).slice(1)) {
      document.body.innerHTML = PAGES[name]!();
      expect(tableCandidates(document), name).toEqual([]);
    }
  });
});

describe('what else the report masks', () => {
  const id = calls[0]!.SessionId;

  it('ids in the route: UUIDs, long hex and digit runs', () => {
    const report = diagnosticsReport({
      version: '1',
      userAgent: 'x',
      url: `https://tccc.qcloud.com/saas-manage/#/1400000000/cdr/${id}/f3a9c2e17b4d8e60a5c1?token=abc`,
    });
    expect(JSON.parse(report).page).toBe('https://tccc.qcloud.com/saas-manage/#/<id>/cdr/<id>/<id>');
    expect(maskedPath(`https://tccc.qcloud.com/tcccadmin/cdr/${id}/f3a9c2e17b4d8e60a5c1/1400000000`)).toBe('/tcccadmin/cdr/<id>/<id>/<id>');
  });

  it('e-mail addresses, and relative links with a query', () => {
    const mail = calls.find((c) => c.SeatUser)!.SeatUser!.Mail;
    const text = redact(`agent ${mail} failed at /tcccadmin/cdr/getAsrText?key=k9secret&sign=zz and getRecord/k9?sign=s3cret.`);
    expect(text).not.toContain(mail);
    expect(text).not.toMatch(/k9secret|zz|s3cret/);
    expect(text).toContain('/tcccadmin/cdr/getAsrText?…');
  });

  it('JSON keys that look like values: e-mails, UUIDs, phone-like digits', () => {
    const shape = JSON.stringify(
      shapeOf({
        byAgent: { 'a.b@example.com': 1 },
        bySession: { [id]: { Caller: 'x' } },
        byPhone: { '+86 138-1234-5678': 1, '008613812345678': 2 },
        fine: { SessionId: 'x' },
      }),
    );
    for (const value of ['a.b@example.com', id, '138-1234-5678', '008613812345678']) expect(shape).not.toContain(value);
    expect(shape).toContain('SessionId');
    expect(shape).toContain('Caller');
  });
});
