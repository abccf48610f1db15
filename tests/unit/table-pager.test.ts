// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findRecordTable } from '../../utils/table';
import { findPager, isDisabled, statedTotal } from '../../utils/table-pager';

function load(name: string) {
  document.body.innerHTML = readFileSync(resolve(import.meta.dirname, 'fixtures', name), 'utf8');
  return findRecordTable(document)!;
}

describe('the page’s own pagination', () => {
  it('finds icon-only buttons by the names in their title or aria-label', () => {
    const table = load('tea-table.html');
    const pager = findPager(table.anchor)!;
    expect(pager.next.getAttribute('aria-label')).toBe('下一页');
    expect(pager.prev?.getAttribute('title')).toBe('上一页');
    expect(isDisabled(pager.next)).toBe(true);
  });

  it('reads how many records the query has, from outside the table only', () => {
    const table = load('tea-table.html');
    expect(statedTotal(table.anchor)).toBe(3);
    load('plain-table.html');
    expect(statedTotal(findRecordTable(document)!.anchor)).toBeNull();
  });
});
