// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { signal } from '@preact/signals';
import { findRecordTable, type RecordTable } from '../../utils/page-dom/table';
import { createPageModel } from '../../utils/page-model/page-model';
import { call, local, PLAIN_TABLE_CALLS } from '../fakes/plain-table-calls';
import { createRowBinder } from '../../entrypoints/workbench-tools.content/rows';

const SHOWN = PLAIN_TABLE_CALLS;
const ELSEWHERE = call({ SessionId: 'call-d', StartTimestamp: local(12, 0, 0), Caller: '008613700000000', Callee: '0086075512345678' });

let table: RecordTable;
beforeEach(() => {
  vi.spyOn(fakeBrowser.i18n, 'getMessage').mockImplementation((key: string) => key);
  document.body.innerHTML = readFileSync(resolve(import.meta.dirname, 'fixtures', 'plain-table.html'), 'utf8');
  table = findRecordTable(document)!;
});

function binderFor(model: ReturnType<typeof createPageModel>) {
  return createRowBinder(model, signal(0), (target, type, fn) => target.addEventListener(type, fn));
}

const ids = (testid: string) =>
  [...document.querySelectorAll<HTMLInputElement>(`input[data-testid=${testid}]`)].map((b) => b.dataset.sessionId ?? '');

describe('binding the page’s rows to calls', () => {
  it('gives each row the checkbox of its call', () => {
    const model = createPageModel();
    model.addTapList(SHOWN);
    binderFor(model).bind(table);
    expect(ids('row-select')).toEqual(['call-a', 'call-b', 'call-c']);
    expect(model.pageRecords.value.map((r) => r.sessionId)).toEqual(['call-a', 'call-b', 'call-c']);
    expect(model.unboundRows.value).toBe(0);
  });

  it('rows drawn before the page’s data came: no checkbox, no selection, and the collected query stays', () => {
    const model = createPageModel();
    model.collected.value = [...SHOWN, ELSEWHERE];
    const binder = binderFor(model);
    binder.bind(table);
    expect(ids('row-select')).toEqual([]);
    expect(ids('row-unbound')).toEqual(['', '', '']);
    expect(model.unboundRows.value).toBe(3);
    expect(model.pageRecords.value).toEqual([]);
    // The query the user collected is still in scope: "select all matching" picks its calls.
    expect(model.collected.value).toHaveLength(4);
    model.selectMatching();
    expect([...model.selected.value.keys()].sort()).toEqual(['call-a', 'call-b', 'call-c', 'call-d']);
    // The data comes: the rows get their real ids, ticked as selected.
    model.addTapList(SHOWN);
    binder.bind(table);
    expect(ids('row-select')).toEqual(['call-a', 'call-b', 'call-c']);
    expect([...document.querySelectorAll<HTMLInputElement>('input[data-testid=row-select]')].every((b) => b.checked)).toBe(true);
    expect(ids('row-unbound')).toEqual([]);
  });

  it('another query’s rows end the collected one', () => {
    const model = createPageModel();
    model.addTapList(SHOWN);
    model.collected.value = [ELSEWHERE];
    binderFor(model).bind(table);
    expect(model.collected.value).toBeNull();
  });
});
