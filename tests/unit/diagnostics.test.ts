// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { diagnosticsReport, redact } from '../../utils/diagnostics';
import { learnLinkRecipe, recipeShape } from '../../utils/link-recipe';
import { maskedPath, shapeOf } from '../../utils/json-shape';
import { tableCandidates } from '../../utils/table';
import { SATISFACTION_LABELS, generateCalls } from '../workbench/generator';
import { camelCased } from '../workbench/modes';

const calls = generateCalls({ seed: 4, count: 60 }).map((c) => c.cdr);

/** The seed's table, filled with the calls as the page would show them. */
function showTable(): void {
  const heads = ['时间', '呼叫类型', '主叫号码', '被叫号码', '备注', '接入状态', '通话时长', '客服名称', '客服工号', '技能组', '满意度', '挂机方'];
  const cell = (s: string | number) => `<td>${String(s).replace(/</g, '&lt;')}</td>`;
  const rows = calls.slice(0, 20).map((c) => `<tr>${[c.StartTimestamp, '呼入', c.Caller, c.Callee, c.Remark, c.EndStatusString, c.Duration, c.SeatUser?.Name ?? '', c.SeatUser?.StaffNumber ?? '', c.SkillGroup ?? '', '满意', '客户'].map(cell).join('')}</tr>`);
  document.body.innerHTML = `<table><thead><tr>${heads.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** Every value of the calls a person could recognise: ids, numbers, names, remarks, links. */
function valuesOf(): string[] {
  const out = new Set<string>();
  const walk = (v: unknown) => {
    // Satisfaction labels are the admin's settings, not a person's data (and 满意 is part of the header 满意度).
    if (typeof v === 'string' && v.length >= 2 && !/^(-|ok|in|out|seat|user|system|noInput)$/.test(v) && !SATISFACTION_LABELS.includes(v)) out.add(v);
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
      { method: 'GET', url: `https://tccc.qcloud.com/tcccadmin/cdr/recordUrl/${id}?SessionId=${id}&token=6f1c2b7e`, body: null, headers: [['X-Token', 'eyJleHAiOjE3']] },
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
      queue: [{ state: 'failed', total: 3, done: 1, failed: 1, skipped: 1, reasons: [{ reason: `TypeError: bad https://tccc.qcloud.com/tcccadmin/getRecord/k9/eyJleHAiOjE3/000-${calls[0]!.SessionId}.mp3`, count: 1 }] }],
    });
    for (const value of valuesOf()) expect(report, value).not.toContain(value);
    expect(report).not.toContain('token');
    expect(report).not.toContain('eyJleHAiOjE3');
    expect(report).not.toContain('1400000000');

    const parsed = JSON.parse(report);
    expect(parsed.page).toBe('https://tccc.qcloud.com/saas-manage/#/140*****00/service-record/tel');
    expect(parsed.tables[0]).toMatchObject({ kind: 'table', rows: 20, found: expect.arrayContaining(['time', 'caller', 'satisfaction', 'hangup']), missing: ['seatDevice'] });
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
    expect(redact('see https://x.myqcloud.com/a/b.mp3?sign=1&expires=2 now')).toBe('see https://x.myqcloud.com/… now');
  });

  it('describes a JSON value by its shape alone', () => {
    expect(shapeOf({ a: [1, 2, 3], b: { c: null, d: 'x' }, '1400000000': true })).toEqual({ a: { array: 3, of: 'number' }, b: { c: 'null', d: 'string' }, '<id>': 'boolean' });
    expect(shapeOf([])).toEqual({ array: 0, of: null });
  });
});
