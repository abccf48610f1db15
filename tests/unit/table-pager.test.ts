// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findRecordTable } from '../../utils/page-dom/table';
import { currentPageNumber, findPager, isDisabled, pageNumberInput, statedTotal } from '../../utils/page-dom/table-pager';
import { chooseInSelect, findPageSizeControl, openSizeOptions, sizeInText } from '../../utils/page-dom/page-size';

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

  it('reads the page shown from the pager’s page-number box when no button is marked', () => {
    const table = load('tea-table.html');
    const pager = findPager(table.anchor)!;
    expect(pageNumberInput(pager)?.value).toBe('1');
    expect(currentPageNumber(pager)).toBe(1);
  });
});

describe('the page’s own page-size selector', () => {
  it('reads a size as the console writes it, in either language', () => {
    expect(['20 条/页', '20条/页', '50 条每页', '100 / page', '10 per page', '20 items/page'].map(sizeInText)).toEqual([
      20, 20, 50, 100, 10, 20,
    ]);
    expect(['共 20 条', '第 2 页', '20', '下一页'].map(sizeInText)).toEqual([null, null, null, null]);
  });

  it('finds a dropdown that is not a select by what its face says, and its options in a layer under <body>', () => {
    const table = load('tea-table.html');
    const control = findPageSizeControl(findPager(table.anchor)!)!;
    expect(control).toMatchObject({ kind: 'dropdown', current: 10 });
    const trigger = (control as { trigger: Element }).trigger;
    expect(openSizeOptions(document, trigger)).toEqual([]);
    const layer = document.createElement('div');
    layer.innerHTML =
      '<ul role="listbox"><li role="option">10 条/页</li><li role="option">20 条/页</li><li role="option">100 条/页</li></ul>';
    document.body.append(layer);
    expect(openSizeOptions(document, trigger).map((o) => o.size)).toEqual([10, 20, 100]);
  });

  it('finds a native select of sizes near the pager and chooses in it as a person would', () => {
    document.body.innerHTML = `<table><thead><tr><th>时间</th></tr></thead><tbody><tr><td>x</td></tr></tbody></table>
      <div>共 75 条 <select><option>10 条/页</option><option>20 条/页</option><option>100 条/页</option></select>
      <button>上一页</button><button aria-current="page">1</button><button>下一页</button></div>`;
    const pager = findPager(document.querySelector('table')!)!;
    const control = findPageSizeControl(pager)!;
    expect(control).toMatchObject({ kind: 'select', current: 10, sizes: [10, 20, 100] });
    const changes: string[] = [];
    document.querySelector('select')!.addEventListener('change', (e) => changes.push((e.target as HTMLSelectElement).value));
    expect(chooseInSelect(control as Extract<typeof control, { kind: 'select' }>, 100)).toBe(true);
    expect(changes).toEqual(['100 条/页']);
  });
});
