// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { findRecordTable, readRows, type RecordTable } from '../../utils/page-dom/table';
import {
  checkboxRow,
  ensureRowCheckbox,
  ensureUnboundMark,
  frontRendering,
  ROW_SELECT_TESTID,
  ROW_UNBOUND_TESTID,
  setRowVisible,
  undecorate,
} from '../../utils/page-dom/row-decor';

function load(name: string): RecordTable {
  document.body.innerHTML = readFileSync(resolve(import.meta.dirname, 'fixtures', name), 'utf8');
  return findRecordTable(document)!;
}

/** Lays the header's first cell out on screen and says which element the page draws at its left edge. */
function drawOnTop(table: RecordTable, topmost: (table: RecordTable) => Element) {
  const first = table.headerRow.querySelector('th')!;
  vi.spyOn(first, 'getBoundingClientRect').mockReturnValue({ left: 10, top: 100, width: 120, height: 40 } as DOMRect);
  document.elementFromPoint = vi.fn(() => topmost(table));
}

const boxes = () => document.querySelectorAll(`input[data-testid="${ROW_SELECT_TESTID}"]`);

afterEach(() => vi.restoreAllMocks());

describe('row checkboxes under fixed-column overlays', () => {
  it('go into the fixed-left overlay when it is drawn over the main table', () => {
    const table = load('fixed-overlays.html');
    const left = table.overlays![0]!;
    drawOnTop(table, () => left.headerRow.querySelector('span')!);
    const front = frontRendering(table);
    expect(front).toBe(left.bodyRoots);
    for (const row of readRows(table)) {
      const host = checkboxRow(row, front);
      expect(host).toBe(row.allElements[1]);
      ensureRowCheckbox(row, host, 's', false, 'select');
      expect(host.querySelector('td, th')!.firstElementChild?.getAttribute('data-testid')).toBe(ROW_SELECT_TESTID);
    }
    expect(boxes()).toHaveLength(3);
  });

  it('stay in the main row when the main table is on top, or nothing can tell', () => {
    const table = load('fixed-overlays.html');
    drawOnTop(table, (t) => t.headerRow.querySelector('span')!);
    expect(frontRendering(table)).toBeNull();
    document.elementFromPoint = vi.fn(() => null);
    expect(frontRendering(table)).toBeNull();
    const row = readRows(table)[0]!;
    expect(checkboxRow(row, null)).toBe(row.element);
  });

  it('move, never double, when the front rendering changes', () => {
    const table = load('fixed-full-overlays.html');
    const row = readRows(table)[1]!;
    ensureRowCheckbox(row, row.element, 's', true, 'select');
    const box = ensureRowCheckbox(row, row.allElements[1]!, 's', true, 'select');
    expect(boxes()).toHaveLength(1);
    expect(row.allElements[1]!.contains(box)).toBe(true);
    expect(box.checked).toBe(true);
    undecorate(document);
    expect(boxes()).toHaveLength(0);
  });

  it('need no overlay check on a plain table', () => {
    const table = load('plain-table.html');
    document.elementFromPoint = vi.fn(() => null);
    expect(frontRendering(table)).toBeNull();
    expect(document.elementFromPoint).not.toHaveBeenCalled();
  });
});

describe('rows on a page that has checkboxes of its own', () => {
  it('ours is the only row-select, beside the page’s own, which it never touches', () => {
    const table = load('tea-table.html');
    const pageBoxes = [...document.querySelectorAll<HTMLInputElement>('input.tea-checkbox')];
    for (const row of readRows(table)) ensureRowCheckbox(row, row.element, 's', false, 'select');
    expect(boxes()).toHaveLength(3);
    expect(document.querySelectorAll('input.tea-checkbox')).toHaveLength(pageBoxes.length);
    const ours = boxes()[0] as HTMLInputElement;
    ours.click();
    expect(ours.checked).toBe(true);
    expect(pageBoxes.every((b) => !b.checked)).toBe(true);
  });

  it('a row not tied to a call gets a disabled box that says why, with no id and no row-select', () => {
    const table = load('tea-table.html');
    const row = readRows(table)[0]!;
    ensureRowCheckbox(row, row.element, 'call-1', true, 'select');
    const mark = ensureUnboundMark(row, row.element, '无法对应到通话');
    expect(boxes()).toHaveLength(0);
    expect(mark.dataset.testid).toBe(ROW_UNBOUND_TESTID);
    expect(mark.disabled).toBe(true);
    expect(mark.title).toBe('无法对应到通话');
    expect(mark.hasAttribute('data-session-id')).toBe(false);
    // Tied later (the page's data came): the mark gives way to the checkbox.
    ensureRowCheckbox(row, row.element, 'call-1', false, 'select');
    expect(document.querySelectorAll(`[data-testid=${ROW_UNBOUND_TESTID}]`)).toHaveLength(0);
    expect(boxes()).toHaveLength(1);
  });

  it('a hidden row hides in every rendering: the main row and its fixed-right overlay twin', () => {
    const table = load('tea-table.html');
    const row = readRows(table)[1]!;
    setRowVisible(row, false);
    expect(row.allElements.map((el) => (el as HTMLElement).style.display)).toEqual(['none', 'none']);
    setRowVisible(row, true);
    expect(row.allElements.map((el) => (el as HTMLElement).style.display)).toEqual(['', '']);
  });
});
