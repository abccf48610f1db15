// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { looksLikeRecordsView } from '../../utils/page-dom/records-view';

function load(name: string): void {
  document.body.innerHTML = readFileSync(resolve(import.meta.dirname, 'fixtures', name), 'utf8');
}

describe('the sentinel that decides where the page tools load', () => {
  it.each([
    'plain-table.html',
    'split-tables.html',
    'fixed-overlays.html',
    'fixed-full-overlays.html',
    'aria-grid.html',
    'reordered-columns.html',
    'empty-state.html',
  ])('recognises the records table in %s', (name) => {
    load(name);
    expect(looksLikeRecordsView(document)).toBe(true);
  });

  it('ignores a page whose tables are about something else', () => {
    load('no-table.html');
    expect(looksLikeRecordsView(document)).toBe(false);
    document.body.innerHTML =
      '<table><thead><tr><th>时间</th><th>名称</th><th>说明</th></tr></thead></table><p>主叫号码 被叫号码 通话时长</p>';
    expect(looksLikeRecordsView(document)).toBe(false);
  });

  it('recognises a header row of th cells in the body', () => {
    document.body.innerHTML =
      '<table><tbody><tr><th>时间</th><th>主叫号码</th><th>被叫号码</th><th>备注</th></tr><tr><td>x</td></tr></tbody></table>';
    expect(looksLikeRecordsView(document)).toBe(true);
  });

  it('never takes a row of data for a header, whatever column names its cells mention', () => {
    document.body.innerHTML =
      '<table><tbody><tr><td>时间: 10:30 回电</td><td>坐席未接</td><td>未评价</td><td>主叫挂断</td></tr><tr><td>x</td></tr></tbody></table>';
    expect(looksLikeRecordsView(document)).toBe(false);
    document.body.innerHTML =
      '<table><tr><th>时间</th><td>10:30</td></tr><tr><th>主叫号码</th><td>1</td></tr><tr><th>被叫号码</th><td>2</td></tr></table>';
    expect(looksLikeRecordsView(document)).toBe(false);
  });
});
