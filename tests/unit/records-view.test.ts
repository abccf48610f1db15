// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { looksLikeRecordsView } from '../../utils/records-view';

function load(name: string): void {
  document.body.innerHTML = readFileSync(resolve(import.meta.dirname, 'fixtures', name), 'utf8');
}

describe('the sentinel that decides where the page tools load', () => {
  it.each(['plain-table.html', 'split-tables.html', 'fixed-overlays.html', 'fixed-full-overlays.html', 'aria-grid.html', 'reordered-columns.html', 'empty-state.html'])(
    'recognises the records table in %s',
    (name) => {
      load(name);
      expect(looksLikeRecordsView(document)).toBe(true);
    },
  );

  it('ignores a page whose tables are about something else', () => {
    load('no-table.html');
    expect(looksLikeRecordsView(document)).toBe(false);
    document.body.innerHTML = '<table><thead><tr><th>时间</th><th>名称</th><th>说明</th></tr></thead></table><p>主叫号码 被叫号码 通话时长</p>';
    expect(looksLikeRecordsView(document)).toBe(false);
  });

  it('recognises a header row made of plain cells', () => {
    document.body.innerHTML = '<table><tbody><tr><td>时间</td><td>主叫号码</td><td>被叫号码</td><td>备注</td></tr><tr><td>x</td></tr></tbody></table>';
    expect(looksLikeRecordsView(document)).toBe(true);
  });
});
